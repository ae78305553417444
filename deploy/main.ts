/**
 * npm run deploy -- [--stage prod] [--dry-run] [--remove] [--ask-profile NAME]
 *
 * From a clone to a linked skill in one command (deploy/deploy.ts says the order and why), with
 * every check made before anything changes (deploy/preflight.ts). Reads the environment here and
 * nowhere deeper; the steps get what they need passed in.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isStage, Stage } from './settings';
import { askCredentials, isProblem } from './askCredentials';
import { deploy, DeployRun, remove } from './deploy';
import { plan } from './plan';
import {
  awsIdentity,
  domainPrefixProblems,
  placeholderProblems,
  PreflightError,
  Problem,
  vendorIdProblems,
} from './preflight';
import { currentSettings } from './state';
import { stepContext } from './steps';

const ROOT = join(__dirname, '..');

interface Options {
  stage: Stage;
  dryRun: boolean;
  remove: boolean;
  askProfile?: string;
}

class UsageError extends Error {
  name = 'UsageError';
}

function parseArgs(args: string[]): Options {
  const options: Options = { stage: 'prod', dryRun: false, remove: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => inline ?? args[++i];
    if (flag === '--stage') {
      const stage = value();
      if (!isStage(stage)) throw new UsageError(`--stage must be dev or prod, got "${stage}"`);
      options.stage = stage;
    } else if (flag === '--dry-run') options.dryRun = true;
    else if (flag === '--remove') options.remove = true;
    else if (flag === '--ask-profile') options.askProfile = value();
    else throw new UsageError(`unknown option ${args[i]} (options: --stage, --dry-run, --remove, --ask-profile)`);
  }
  if (options.stage === 'dev') {
    throw new UsageError(
      'the dev stage runs on this machine (npm start); deploy the prod stage: npm run deploy -- --stage prod',
    );
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const { settings } = currentSettings(ROOT, options.stage);
  // The ASK CLI (and Jovo, which runs it) pick the profile up from ASK_DEFAULT_PROFILE.
  const env = { ...process.env, ...(options.askProfile ? { ASK_DEFAULT_PROFILE: options.askProfile } : {}) };
  const ask = askCredentials(env, homedir(), options.askProfile);

  const problems: Problem[] = [];
  if (!options.remove) {
    problems.push(...placeholderProblems(settings), ...domainPrefixProblems(settings));
    problems.push(...vendorIdProblems(settings, isProblem(ask) ? undefined : ask.vendorId));
  }
  if (isProblem(ask)) problems.push(ask);
  const context = stepContext({
    root: ROOT,
    stage: options.stage,
    env,
    askProfile: isProblem(ask) ? undefined : ask.profile,
    log,
  });
  const identity = await awsIdentity(context.clients.sts);
  if (isProblem(identity)) problems.push(identity);
  if (problems.length > 0) throw new PreflightError(problems);

  const run: DeployRun = { context, env };
  if (options.dryRun && !options.remove) log(`\n${await plan(run, isProblem(identity) ? '' : identity.account)}`);
  else if (options.dryRun)
    log(
      `Dry run: --remove would delete the stack ${currentSettings(ROOT, options.stage).state.stackName} and the skill the deploy created.`,
    );
  else if (options.remove) await remove(run);
  else await deploy(run);
}

main().catch((error: unknown) => {
  if (error instanceof PreflightError || error instanceof UsageError) {
    console.error(error.message);
  } else {
    console.error(`\nDeploy stopped: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Fix the cause and run the same command again: it picks up where it stopped.');
  }
  process.exitCode = 1;
});
