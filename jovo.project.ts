/**
 * Jovo CLI project configuration: the Alexa skill package (skill.json and the interaction models)
 * and the deploy commands. scripts/jovo.js bundles this file with the project's own modules into
 * jovo.project.js (git-ignored; the CLI loads that file with plain require) and runs the CLI with
 * the stage in PROFILE_KEEPER_STAGE, so the output always lands in build/platform.alexa.
 *
 * Every value comes from deploy/state.ts: app.json merged with what the stage's deployment
 * recorded (.deploy/<stage>.json). Account linking is not part of the package (the Skill Package
 * API does not carry it): the `after.deploy:platform` hook sets it through SMAPI.
 *
 *   jovo build:platform alexa          the skill package
 *   jovo deploy:code cloudformation    the Lambda function + Cognito stack (deploy/stack.ts)
 *   jovo deploy:platform alexa         upload the skill package, then set account linking
 */
import { type PluginConfig, ProjectConfig } from '@jovotech/cli-core';
import { AlexaCli } from '@jovotech/platform-alexa';
import { homedir } from 'node:os';
import { SKILL_NAMES } from './src/config';
import { isStage, Stage } from './deploy/settings';
import { askCredentials, isProblem } from './deploy/askCredentials';
import { accountLinkingHook, CloudFormationTarget, modelOverridesHook } from './deploy/jovo';
import { alexaLocales, invocationOverrides, NO_ENDPOINT_YET, skillManifest } from './deploy/skillManifest';
import { currentSettings } from './deploy/state';

function stageFromEnv(): Stage {
  const stage = process.env.PROFILE_KEEPER_STAGE ?? 'dev';
  if (!isStage(stage)) throw new Error(`Unknown stage "${stage}" (expected dev or prod)`);
  return stage;
}

const ROOT = __dirname;
const stage = stageFromEnv();
const { settings } = currentSettings(ROOT, stage);
// The ASK CLI profile Jovo's deploy passes to `ask`: the environment's credentials when set (CI).
const ask = askCredentials(process.env, homedir());
const askProfile = isProblem(ask) ? undefined : ask.profile;
// A placeholder id must not reach the ASK CLI state: Jovo would try to update that skill.
const skillId = /replace/i.test(settings.skillId) ? undefined : settings.skillId || undefined;

const files: Record<string, unknown> = {
  'skill-package/skill.json': { manifest: skillManifest(settings) },
  // ASK CLI v2 project files, so `ask deploy` works from build/platform.alexa too.
  'ask-resources.json': {
    askcliResourcesVersion: '2020-03-31',
    profiles: { [askProfile ?? 'default']: { skillMetadata: { src: './skill-package' } } },
  },
  // Which skill Jovo's deploy:platform updates: the stage's recorded one.
  ...(skillId
    ? {
        '.ask/ask-states.json': {
          askcliStatesVersion: '2020-03-31',
          profiles: { [askProfile ?? 'default']: { skillId } },
        },
      }
    : {}),
};

const project = new ProjectConfig({
  endpoint: settings.endpoint || NO_ENDPOINT_YET,
  models: { override: invocationOverrides(SKILL_NAMES) },
  plugins: [
    new AlexaCli({
      skillId,
      askProfile,
      locales: alexaLocales(),
      files: files as unknown as NonNullable<PluginConfig['files']>,
    }),
    new CloudFormationTarget({ root: ROOT, stage }),
  ],
  hooks: {
    'before.build:platform': [modelOverridesHook(invocationOverrides(SKILL_NAMES))],
    'after.deploy:platform': [accountLinkingHook(ROOT, stage)],
  },
});

module.exports = project;
