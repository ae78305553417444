import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningIdentity, startTestIdentity } from '../../support/identity';
import { ROOT, RunResult, runNpm } from '../run';
import { FakeAccount, readAccount, writeAccount } from './fakeAws';
import { copyProject } from './project';
import { SmapiStandIn, startSmapiStandIn } from './smapiStandIn';

/**
 * Everything `npm run deploy` talks to, on this machine: the local identity service as the user
 * pool (with a client secret made up for this run), the SMAPI and Login-with-Amazon stand-in for
 * the real ASK CLI, the fake AWS account (CloudFormation, S3, STS; see fakeAws.ts), an empty HOME,
 * and a copy of the project with a deployable app.json.
 */
export const VENDOR_ID = 'M2TESTVENDOR';
export const DOMAIN_PREFIX = 'profile-keeper-test';

export interface DeployBench {
  project: string;
  home: string;
  fakeDir: string;
  identity: RunningIdentity;
  smapi: SmapiStandIn;
  clientSecret: string;
  env: Record<string, string | undefined>;
  deploy(args?: string[], env?: Record<string, string | undefined>): Promise<RunResult>;
  account(): FakeAccount;
  close(): Promise<void>;
}

const PRELOAD = join(ROOT, 'test', 'deploy', 'support', 'fakeAwsPreload.js');

type AppJson = Parameters<NonNullable<Parameters<typeof copyProject>[0]>>[0];

export async function startDeployBench(editAppJson?: (appJson: AppJson) => void): Promise<DeployBench> {
  const scratch = mkdtempSync(join(tmpdir(), 'deploy-bench-'));
  const clientSecret = `secret-${randomBytes(24).toString('hex')}`;
  const seed = JSON.parse(readFileSync(join(ROOT, 'packages', 'cognito-local', 'seed.json'), 'utf8'));
  seed.clients[0].ClientSecret = clientSecret;
  writeFileSync(join(scratch, 'seed.json'), JSON.stringify(seed));
  const identity = await startTestIdentity({ seedPath: join(scratch, 'seed.json'), alexaVendorId: VENDOR_ID });

  const fakeDir = join(scratch, 'aws');
  writeAccount(fakeDir, {
    region: 'us-east-1',
    account: '123456789012',
    userPoolId: identity.userPoolId,
    appClientId: identity.clientId,
    stacks: {},
    buckets: {},
    writes: [],
    retained: [],
  });
  const refreshToken = `Atzr|${randomBytes(16).toString('hex')}`;
  const smapi = await startSmapiStandIn({
    refreshToken,
    vendorId: VENDOR_ID,
    lambdaTriggers: (functionArn) =>
      Object.values(readAccount(fakeDir).stacks)
        .flatMap((stack) => Object.values(stack.resources))
        .filter((r) => r.type === 'AWS::Lambda::Permission' && r.properties.Principal === 'alexa-appkit.amazon.com')
        .filter((r) => r.properties.FunctionName === functionArn)
        .map((r) => String(r.properties.EventSourceToken)),
  });
  const project = copyProject((appJson) => {
    appJson.stages.prod.cognitoDomainPrefix = DOMAIN_PREFIX;
    appJson.stages.prod.vendorId = VENDOR_ID;
    editAppJson?.(appJson);
  });
  const home = join(scratch, 'home');
  mkdirSync(home);
  const env: Record<string, string | undefined> = {
    HOME: home,
    NODE_OPTIONS: `--require ${PRELOAD}`,
    FAKE_AWS_DIR: fakeDir,
    // Made up: nothing reaches AWS, but the SDK and the ASK CLI want a key pair in the environment.
    AWS_ACCESS_KEY_ID: 'AKIAFAKEDEPLOYTEST00',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-the-deploy-test',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: identity.url,
    ASK_REFRESH_TOKEN: refreshToken,
    ASK_ACCESS_TOKEN: undefined,
    ASK_VENDOR_ID: VENDOR_ID,
    ASK_DEFAULT_PROFILE: undefined,
    ASK_SMAPI_SERVER_BASE_URL: smapi.url,
    ASK_LWA_TOKEN_HOST: smapi.url,
    ASK_SHARE_USAGE: 'false',
  };
  return {
    project,
    home,
    fakeDir,
    identity,
    smapi,
    clientSecret,
    env,
    deploy: (args = ['--stage', 'prod'], extra = {}) => runNpm('deploy', args, { ...env, ...extra }, project),
    account: () => readAccount(fakeDir),
    close: async () => {
      await Promise.all([identity.close(), smapi.close()]);
      rmSync(scratch, { recursive: true, force: true });
      rmSync(project, { recursive: true, force: true });
    },
  };
}
