/**
 * npm run deploy -- [--stage prod] [--dry-run] [--remove] [--ask-profile NAME] [--fix-app-client]
 *
 * From a clone to a linked skill in one command (deploy.ts says the order and why), with every
 * check made before anything changes (preflight.ts). Reads the environment here and nowhere deeper.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { askCredentials, isProblem } from './askCredentials';
import { deployContext } from './context';
import { deploy, remove } from './deploy';
import { plan } from './plan';
import { awsIdentity, PreflightError, Problem, settingsProblems } from './preflight';
import { isStage } from './settings';
import { currentSettings, recordFile } from './state';

const ROOT = join(__dirname, '..');

class UsageError extends Error {
  name = 'UsageError';
}

function options() {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: 'prod' },
      'dry-run': { type: 'boolean', default: false },
      remove: { type: 'boolean', default: false },
      'ask-profile': { type: 'string' },
      'fix-app-client': { type: 'boolean', default: false },
    },
  });
  const { stage } = values;
  if (!isStage(stage)) throw new UsageError(`--stage must be dev or prod, got "${stage}"`);
  if (stage === 'dev') {
    throw new UsageError(
      'the dev stage runs on this machine (npm start); deploy the prod stage: npm run deploy -- --stage prod',
    );
  }
  return { ...values, stage };
}

async function main(): Promise<void> {
  const flags = options();
  const log = (line: string) => console.log(line);
  const { settings } = currentSettings(ROOT, flags.stage);
  const askProfile = flags['ask-profile'];
  // Jovo's deploy:platform runs the ASK CLI, which takes the profile from ASK_DEFAULT_PROFILE.
  const env = { ...process.env, ...(askProfile ? { ASK_DEFAULT_PROFILE: askProfile } : {}) };
  const ask = askCredentials(env, homedir(), askProfile);
  const problems: Problem[] = flags.remove ? [] : settingsProblems(settings, isProblem(ask) ? undefined : ask.vendorId);
  if (isProblem(ask)) problems.push(ask);
  const identity = await awsIdentity(new STSClient({ region: settings.region }));
  if (isProblem(identity)) problems.push(identity);
  if (isProblem(ask) || isProblem(identity) || problems.length) throw new PreflightError(problems);

  const context = await deployContext({
    ...{ root: ROOT, stage: flags.stage, env, ask, log },
    ...{ account: identity.account, fixAppClient: flags['fix-app-client'] },
  });
  if (flags['dry-run']) log(await plan(context, flags.remove));
  else if (flags.remove) await remove(context);
  else await deploy(context);
}

main().catch((error: unknown) => {
  if (error instanceof PreflightError || error instanceof UsageError) {
    console.error(error.message);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`\nDeploy stopped: ${message}`);
    if (!/\n\s*Fix:/.test(message)) console.error('Fix the cause above and run the same command again.');
    console.error(
      `What exists so far is recorded in ${recordFile('.', options().stage)}: a rerun continues from there.`,
    );
  }
  process.exitCode = 1;
});
