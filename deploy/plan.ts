import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKILL_NAMES } from '../src/config';
import { accountLinkingRequest, masked } from './accountLinking';
import { bundle } from './bundle';
import { DeployRun } from './deploy';
import { runJovo } from './jovoCli';
import { artefactKey, StackDeployer } from './stack';
import { currentSettings, knownSkillId } from './state';
import { readClientSecret } from './steps';
import { loadTemplate, plannedResources, stackParameters } from './template';

/**
 * `npm run deploy -- --dry-run`: every step up to the first call that would change something in
 * AWS or the Alexa developer account (bundle, template, skill package build, and the reads: STS,
 * DescribeStacks, the client secret), then the plan. The secret is only ever printed masked.
 */
export async function plan(run: DeployRun, account: string): Promise<string> {
  const { root, stage, log, clients } = run.context;
  const { state, settings } = currentSettings(root, stage);
  const stack = await new StackDeployer(clients, state.stackName).describe();
  log('bundling the skill (scripts/bundle.js)');
  const artefact = await bundle({ root });
  const skillId = knownSkillId(root, stage);
  const parameters = stackParameters(settings, { codeKey: artefactKey(artefact.zip), skillId });
  const resources = plannedResources(loadTemplate(root), parameters);
  await runJovo(root, ['build:platform', 'alexa'], stage, run.env, log);
  const manifest = JSON.parse(
    readFileSync(join(root, 'build', 'platform.alexa', 'skill-package', 'skill.json'), 'utf8'),
  ).manifest;

  const hostedUi =
    settings.cognitoDomain || `https://${settings.cognitoDomainPrefix}.auth.${settings.region}.amazoncognito.com`;
  const planned = {
    ...settings,
    cognitoDomain: hostedUi,
    appClientId: settings.appClientId || '(assigned by Cognito)',
  };
  const secret = state.stack
    ? await readClientSecret(clients.cognito, state.stack.userPoolId, state.stack.appClientId)
    : undefined;
  const linking = secret
    ? masked(accountLinkingRequest(planned, secret))
    : { ...accountLinkingRequest(planned), clientSecret: '(read from Cognito when linking is set)' };

  const column = (rows: Record<string, string>) =>
    Object.entries(rows).map(([key, value]) => `    ${key.padEnd(26)} ${value}`);
  return [
    `Dry run for stage ${stage}: nothing was changed in AWS or the Alexa developer account.`,
    '',
    `Stack ${state.stackName} in ${settings.region} (account ${account}): would be ${stack ? 'updated' : 'created'}`,
    '  Resources:',
    ...column(resources),
    '  Parameters:',
    ...column({
      ...parameters,
      CodeKey: `${parameters.CodeKey} (${artefact.zipPath}, ${artefact.zip.length} bytes)`,
      AlexaSkillId: parameters.AlexaSkillId || '"" (no skill yet: its invoke permission follows once it exists)',
    }),
    '',
    `Skill package (build/platform.alexa/skill-package): would ${skillId ? `update skill ${skillId}` : 'create a new skill'}`,
    `    Endpoint                   ${manifest.apis.custom.endpoint?.uri ?? 'none yet: set once the function lets the new skill invoke it'}`,
    `    Locales                    ${Object.keys(manifest.publishingInformation.locales).join(', ')}`,
    `    Invocation name            ${SKILL_NAMES.invocationName}`,
    '',
    'Account linking (SMAPI PUT /v1/skills/{skillId}/stages/development/accountLinkingClient):',
    ...JSON.stringify({ accountLinkingRequest: linking }, null, 2)
      .split('\n')
      .map((line) => `    ${line}`),
  ].join('\n');
}
