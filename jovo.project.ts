/**
 * Jovo CLI project configuration: the Alexa skill package (skill.json and the interaction models)
 * and the deploy's Jovo commands (deploy/jovo.ts). scripts/jovo.js bundles this file into
 * jovo.project.js and passes the stage in PROFILE_KEEPER_STAGE. Every value comes from app.json and
 * what the stage's deployment recorded (deploy/state.ts). Account linking is not in the package
 * (the Skill Package API does not carry it): the `after.deploy:platform` hook sets it through SMAPI.
 */
import { type PluginConfig, ProjectConfig } from '@jovotech/cli-core';
import { AlexaCli } from '@jovotech/platform-alexa';
import { homedir } from 'node:os';
import { SKILL_NAMES } from './src/config';
import { askCredentials, isProblem } from './deploy/askCredentials';
import { accountLinkingHook, CloudFormationTarget, modelOverridesHook } from './deploy/jovo';
import { isStage } from './deploy/settings';
import { alexaLocales, invocationOverrides, NO_ENDPOINT_YET, skillManifest } from './deploy/skillManifest';
import { currentSettings } from './deploy/state';

const ROOT = __dirname;
const stage = process.env.PROFILE_KEEPER_STAGE ?? 'dev';
if (!isStage(stage)) throw new Error(`Unknown stage "${stage}" (expected dev or prod)`);
const { settings } = currentSettings(ROOT, stage);
// The ASK CLI profile Jovo's deploy passes to `ask`: the environment's credentials when set (CI).
const ask = askCredentials(process.env, homedir());
const askProfile = isProblem(ask) ? 'default' : ask.profile;
// A placeholder id must not reach the ASK CLI state: Jovo would try to update that skill.
const skillId = /replace/i.test(settings.skillId) ? undefined : settings.skillId || undefined;

const files = {
  'skill-package/skill.json': { manifest: skillManifest(settings) },
  // ASK CLI v2 project files, so `ask deploy` works from build/platform.alexa too; with the stage's skill.
  'ask-resources.json': {
    askcliResourcesVersion: '2020-03-31',
    profiles: { [askProfile]: { skillMetadata: { src: './skill-package' } } },
  },
  ...(skillId
    ? { '.ask/ask-states.json': { askcliStatesVersion: '2020-03-31', profiles: { [askProfile]: { skillId } } } }
    : {}),
};

module.exports = new ProjectConfig({
  endpoint: settings.endpoint || NO_ENDPOINT_YET,
  models: { override: invocationOverrides(SKILL_NAMES) },
  plugins: [
    new AlexaCli({ skillId, askProfile, locales: alexaLocales(), files: files as unknown as PluginConfig['files'] }),
    new CloudFormationTarget({ root: ROOT, stage }),
  ],
  hooks: {
    'before.build:platform': [modelOverridesHook(invocationOverrides(SKILL_NAMES))],
    'after.deploy:platform': [accountLinkingHook(ROOT, stage)],
  },
});
