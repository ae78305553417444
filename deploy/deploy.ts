import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKILL_NAMES } from '../src/config';
import { AskCli, AskCliError } from './askCli';
import { runJovo } from './jovoCli';
import { StackDeployer } from './stack';
import { currentSettings, knownSkillId, removeState } from './state';
import { deployStack, StepContext } from './steps';

/**
 * `npm run deploy`: everything from a clone to a linked skill, in the order the ASK CLI's own
 * Lambda deployer uses, because Alexa accepts a Lambda endpoint only once the function lets that
 * skill invoke it, and the permission needs the skill's id:
 *   1. stack: function + user pool (+ the trigger permission when the skill exists)
 *   2. skill package: built from the stack's outputs; created the first time, updated after;
 *      account linking set (the secret read from Cognito in memory); enabled for testing
 *   3. first deploy only: the stack again with the new skill's id, then the manifest with the endpoint
 * Re-running repeats 1-2 and changes only what changed.
 */
export interface DeployRun {
  context: StepContext;
  /** Environment for the Jovo CLI and the ASK CLI it runs. */
  env: NodeJS.ProcessEnv;
}

async function skillPackage(run: DeployRun): Promise<void> {
  const { root, stage, log } = run.context;
  await runJovo(root, ['build:platform', 'alexa'], stage, run.env, log);
  await runJovo(root, ['deploy:platform', 'alexa'], stage, run.env, log);
}

export async function deploy(run: DeployRun): Promise<void> {
  const { root, stage, log } = run.context;
  log(`[1/3] Lambda function and Cognito user pool (stack ${currentSettings(root, stage).state.stackName})`);
  const { outputs, artefact } = await deployStack(run.context, knownSkillId(root, stage));
  log('[2/3] skill package, account linking, testing enabled');
  await skillPackage(run);
  const skillId = knownSkillId(root, stage);
  if (outputs.alexaSkillIdAllowed !== skillId) {
    log(`[3/3] let skill ${skillId} invoke the function, then point the skill at it`);
    await deployStack(run.context, skillId, artefact);
    await runJovo(root, ['build:platform', 'alexa'], stage, run.env, log);
    await updateManifest(
      run.context.ask,
      skillId,
      join(root, 'build', 'platform.alexa', 'skill-package', 'skill.json'),
      log,
    );
  } else {
    log('[3/3] the function already lets this skill invoke it');
  }
  log('');
  log(summary(run));
}

/**
 * The manifest alone (the models are uploaded already), as the ASK CLI's Lambda deployer does once
 * the function exists; SMAPI applies it asynchronously, so wait for its status.
 */
async function updateManifest(ask: AskCli, skillId: string, skillJson: string, log: (line: string) => void) {
  log(`updating the manifest of ${skillId} with the endpoint`);
  const manifest = readFileSync(skillJson, 'utf8');
  await ask.smapi(
    'update-skill-manifest',
    ['--skill-id', skillId, '--stage', 'development', '--manifest', 'file:/dev/stdin'],
    manifest,
  );
  for (let attempt = 0; attempt < 60; attempt++) {
    const status = (await ask.smapi('get-skill-status', ['--skill-id', skillId, '--resource', 'manifest'])) as {
      manifest?: { lastUpdateRequest?: { status?: string; errors?: { message: string }[] } };
    };
    const update = status.manifest?.lastUpdateRequest;
    if (update?.status === 'SUCCEEDED') return;
    if (update?.status === 'FAILED') {
      throw new AskCliError(`Alexa refused the manifest: ${(update.errors ?? []).map((e) => e.message).join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new AskCliError(`the manifest update of ${skillId} did not finish within a minute`);
}

function summary(run: DeployRun): string {
  const { settings } = currentSettings(run.context.root, run.context.stage);
  const { name, invocationName } = SKILL_NAMES;
  return [
    `Deployed ${name} (stage ${settings.stage}).`,
    `  Skill id:   ${settings.skillId}`,
    `  Endpoint:   ${settings.endpoint}`,
    `  Sign-in:    ${settings.cognitoDomain}/login (Cognito Hosted UI)`,
    '',
    'Link your account (the Alexa app signed in with your Amazon developer account):',
    `  More > Skills & Games > Your Skills > Dev > ${name} > Enable to use. Sign up or sign in on`,
    '  the page that opens; the app then says the account was linked.',
    'Then say to your Echo:',
    `  "Alexa, open ${invocationName}"  and  "Alexa, ask ${invocationName} what is my email address"`,
    '',
    `Remove all of it again: npm run deploy -- --stage ${settings.stage} --remove`,
  ].join('\n');
}

/**
 * `npm run deploy -- --remove`: the skill (only when this deploy created it), the deployment
 * bucket's contents and the stack. The user pool stays (DeletionPolicy Retain): its users'
 * accounts are not the deploy's to throw away.
 */
export async function remove(run: DeployRun): Promise<void> {
  const { root, stage, log, ask, clients, pollIntervalMs } = run.context;
  const { state, settings } = currentSettings(root, stage);
  if (state.skill?.createdByDeploy) {
    log(`deleting skill ${state.skill.skillId}`);
    try {
      await ask.smapi('delete-skill', ['--skill-id', state.skill.skillId]);
    } catch (error) {
      if (!(error instanceof AskCliError && /not found|404/i.test(error.message))) throw error;
      log(`skill ${state.skill.skillId} was deleted already`);
    }
  } else if (settings.skillId) {
    log(`keeping skill ${settings.skillId}: app.json names it, so this deploy did not create it`);
  }
  const deployer = new StackDeployer(clients, state.stackName, { log, pollIntervalMs });
  const removed = await deployer.remove();
  removeState(root, stage);
  log('');
  log(removed ? `Removed stack ${state.stackName}.` : `There was no stack ${state.stackName}.`);
  if (state.stack?.userPoolId) {
    log(
      `Kept user pool ${state.stack.userPoolId} and its users (deletion protection). To delete it too:\n` +
        `  aws cognito-idp update-user-pool --user-pool-id ${state.stack.userPoolId} --deletion-protection INACTIVE\n` +
        `  aws cognito-idp delete-user-pool --user-pool-id ${state.stack.userPoolId}`,
    );
  }
}
