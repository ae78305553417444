/**
 * npm run deploy -- [--stage prod] [--dry-run] [--remove] [--ask-profile NAME] [--fix-app-client]
 *
 * From a clone to a linked skill in one command (deploy.ts says the order and why), with every
 * check made before anything changes (preflight.ts). The environment is read here and nowhere deeper.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AskProfile, askCredentials, isProblem } from './askCredentials';
import { bundle, fetchJwks, skillPackage } from './bundle';
import { deploy, DeployContext, remove } from './deploy';
import { plan } from './plan';
import { awsIdentity, PreflightError, settingsProblems } from './preflight';
import { isStage, Stage } from './settings';
import { Smapi } from './smapi';
import { currentSettings } from './state';
import { StackToolkit } from './toolkit';

interface RunOptions {
  root: string;
  stage: Stage;
  env: NodeJS.ProcessEnv;
  ask: AskProfile;
  account: string;
  log: (line: string) => void;
  fixAppClient?: boolean;
}

/** A run's clients and builders, for `npm run deploy` and the Jovo CLI's hooks alike. */
export function deployContext(options: RunOptions): DeployContext {
  const { root, stage, env, log } = options;
  const { region } = currentSettings(root, stage).settings;
  // AWS endpoints follow the SDK's own settings (AWS_ENDPOINT_URL_*); the pool's keys are published there too.
  const cognitoEndpoint =
    env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || `https://cognito-idp.${region}.amazonaws.com`;
  const out = (folder: string) => join(root, 'build', folder, stage);
  return {
    root,
    stage,
    log,
    account: options.account,
    fixAppClient: options.fixAppClient,
    smapi: new Smapi(options.ask),
    cognito: new CognitoIdentityProviderClient({ region }),
    s3: new S3Client({ region }),
    toolkit: new StackToolkit(log, out('deploy')),
    lambdaFolder: async (poolId) => {
      const jwks = poolId ? await fetchJwks(cognitoEndpoint, poolId) : undefined;
      return (await bundle({ root, outDir: out('lambda'), jwks, log })).dir;
    },
    skillPackage: () => skillPackage(root, stage, env, log),
  };
}

/** Checks everything before anything changes (all problems at once, each with its fix), then the run's context. */
export async function prepare(
  root: string,
  stage: Stage,
  options: {
    env: NodeJS.ProcessEnv;
    log: (line: string) => void;
    removal?: boolean;
    askProfile?: string;
    fixAppClient?: boolean;
  },
) {
  const { settings } = currentSettings(root, stage);
  const ask = askCredentials(options.env, homedir(), options.askProfile);
  const identity = await awsIdentity(new STSClient({ region: settings.region }));
  const problems = options.removal ? [] : settingsProblems(settings, isProblem(ask) ? undefined : ask.vendorId);
  for (const found of [ask, identity]) if (isProblem(found)) problems.push(found);
  if (isProblem(ask) || isProblem(identity) || problems.length) throw new PreflightError(problems);
  return deployContext({ ...options, root, stage, ask, account: identity.account });
}

class UsageError extends Error {
  name = 'UsageError';
}

type Flags = { 'dry-run'?: boolean; remove?: boolean; 'ask-profile'?: string; 'fix-app-client'?: boolean };

async function main(stage: string, flags: Flags) {
  if (!isStage(stage)) throw new UsageError(`--stage must be dev or prod, got "${stage}"`);
  if (stage === 'dev') throw new UsageError('the dev stage runs on this machine (npm start); deploy with --stage prod');
  const askProfile = flags['ask-profile'];
  // Jovo's deploy:platform runs the ASK CLI, which takes the profile from ASK_DEFAULT_PROFILE.
  const env = { ...process.env, ...(askProfile ? { ASK_DEFAULT_PROFILE: askProfile } : {}) };
  const log = (line: string) => console.log(line);
  const options = { env, log, askProfile, removal: flags.remove, fixAppClient: flags['fix-app-client'] };
  const context = await prepare(join(__dirname, '..'), stage, options);
  if (flags['dry-run']) log(await plan(context, flags.remove));
  else await (flags.remove ? remove : deploy)(context);
}

if (require.main === module) {
  const options = {
    stage: { type: 'string', default: 'prod' },
    'dry-run': { type: 'boolean' },
    remove: { type: 'boolean' },
    'ask-profile': { type: 'string' },
    'fix-app-client': { type: 'boolean' },
  } as const;
  Promise.resolve()
    .then(() => parseArgs({ options }).values)
    .then(({ stage, ...flags }) => main(stage, flags))
    .catch((error: Error) => {
      if (error instanceof PreflightError || error instanceof UsageError || error.name === 'TypeError') {
        console.error(error.message);
      } else {
        console.error(`\nDeploy stopped: ${error.message}`);
        if (!/\n\s*Fix:/.test(error.message)) console.error('Fix the cause above, then run the same command again.');
        console.error('What exists so far is recorded in .deploy/: the same command continues from there.');
      }
      process.exitCode = 1;
    });
}
