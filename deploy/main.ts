/**
 * npm run deploy -- [--stage prod] [--dry-run] [--remove] [--ask-profile NAME] [--fix-app-client]
 *
 * From a clone to a linked skill in one command (deploy.ts says the order and why), every check made
 * before anything changes (preflight.ts). The environment is read here and nowhere deeper.
 */
import '../scripts/quietSdkNotice';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { askCredentials, isProblem } from './askCredentials';
import { bundle, fetchJwks, skillPackage } from './bundle';
import { deploy, DeployContext, remove } from './deploy';
import { plan } from './plan';
import { awsIdentity, PreflightError, settingsProblems } from './preflight';
import { isStage, Stage } from './settings';
import { Smapi } from './smapi';
import { currentSettings } from './state';
import { StackToolkit } from './toolkit';

interface RunOptions {
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  askProfile?: string;
  removal?: boolean;
  fixAppClient?: boolean;
}

/**
 * Checks all before anything changes (every problem at once, each with its fix), then the run's
 * clients and builders: for `npm run deploy` and the Jovo CLI's hooks alike.
 */
export async function prepare(root: string, stage: Stage, options: RunOptions): Promise<DeployContext> {
  const { env, log } = options;
  const { settings } = currentSettings(root, stage);
  const ask = askCredentials(env, homedir(), options.askProfile);
  const identity = await awsIdentity(new STSClient({ region: settings.region }));
  const problems = options.removal ? [] : settingsProblems(settings, isProblem(ask) ? undefined : ask.vendorId);
  for (const found of [ask, identity]) if (isProblem(found)) problems.push(found);
  if (isProblem(ask) || isProblem(identity) || problems.length) throw new PreflightError(problems);
  const { region } = settings;
  // AWS endpoints follow the SDK's own settings (AWS_ENDPOINT_URL_*); Cognito publishes the pool's keys there too.
  const cognitoApi = env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || `https://cognito-idp.${region}.amazonaws.com`;
  const out = (folder: string) => join(root, 'build', folder, stage);
  return {
    root,
    stage,
    log,
    account: identity.account,
    fixAppClient: options.fixAppClient,
    smapi: new Smapi(ask),
    cognito: new CognitoIdentityProviderClient({ region }),
    s3: new S3Client({ region }),
    toolkit: new StackToolkit(log, out('deploy')),
    lambdaFolder: async (poolId) => {
      const jwks = poolId ? await fetchJwks(cognitoApi, poolId) : undefined;
      return bundle({ root, outDir: out('lambda'), jwks, log });
    },
    skillPackage: () => skillPackage(root, stage, env, log),
  };
}

async function main() {
  const { values: flags } = parseArgs({
    options: {
      stage: { type: 'string', default: 'prod' },
      'dry-run': { type: 'boolean' },
      remove: { type: 'boolean' },
      'ask-profile': { type: 'string' },
      'fix-app-client': { type: 'boolean' },
    },
  });
  const { stage, remove: removal } = flags;
  // A usage error, like parseArgs's own: the dev stage runs on this machine (npm start).
  if (!isStage(stage) || stage === 'dev') throw new TypeError(`--stage must be prod, got "${stage}"`);
  const askProfile = flags['ask-profile'];
  // Jovo's deploy:platform runs the ASK CLI, which takes the profile from ASK_DEFAULT_PROFILE.
  const env = { ...process.env, ...(askProfile ? { ASK_DEFAULT_PROFILE: askProfile } : {}) };
  const log = (line: string) => console.log(line);
  const options = { env, log, askProfile, removal, fixAppClient: flags['fix-app-client'] };
  const context = await prepare(join(__dirname, '..'), stage, options);
  if (flags['dry-run']) log(await plan(context, removal));
  else await (removal ? remove : deploy)(context);
}

if (require.main === module) {
  main().catch((error: Error) => {
    if (error instanceof PreflightError || error.name === 'TypeError') console.error(error.message);
    else {
      console.error(`\nDeploy stopped: ${error.message}`);
      if (!/\n\s*Fix:/.test(error.message)) console.error('Fix the cause above, then run the same command again.');
      console.error('What exists so far is recorded in .deploy/: the same command continues from there.');
    }
    process.exitCode = 1;
  });
}
