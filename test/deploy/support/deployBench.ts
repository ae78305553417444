import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningIdentity, startTestIdentity } from '../../support/identity';
import { ROOT, RunResult, runNpm } from '../run';
import { copyProject } from './project';
import { AwsFixture, AwsRecorder, startAwsRecorder } from './awsRecorder';
import { SmapiStandIn, startSmapiStandIn } from './smapiStandIn';

/**
 * Everything `npm run deploy` talks to, on this machine: the local Cognito (packages/cognito-local)
 * as the user pool, with a client secret made up for this run; the SMAPI and Login-with-Amazon
 * stand-in; the CloudFormation/S3/STS recorder, whose stack outputs name that local pool and
 * client; an empty HOME; and a copy of the project with a deployable app.json.
 */
export const VENDOR_ID = 'M2TESTVENDOR';
export const DOMAIN_PREFIX = 'profile-keeper-test';
export const STACK = 'alexa-cognito-account-linking-prod';
export const FUNCTION_ARN = `arn:aws:lambda:us-east-1:123456789012:function:${STACK}-skill`;
export const HOSTED_UI = `https://${DOMAIN_PREFIX}.auth.us-east-1.amazoncognito.com`;

type AppJson = Parameters<NonNullable<Parameters<typeof copyProject>[0]>>[0];

export interface DeployBench {
  project: string;
  home: string;
  identity: RunningIdentity;
  smapi: SmapiStandIn;
  aws: AwsRecorder;
  clientSecret: string;
  /** The environment of a deploy run: every endpoint on this machine, made-up credentials. */
  env: Record<string, string | undefined>;
  /** A fresh recorder (no stacks, no buckets), for the next scenario. */
  resetAws(fixture?: AwsFixture): Promise<AwsRecorder>;
  deploy(args?: string[]): Promise<RunResult>;
  close(): Promise<void>;
}

/** Which skills may invoke the function: the Lambda permissions of the template the recorder holds. */
function lambdaTriggers(bench: { aws: AwsRecorder }) {
  return (functionArn: string) =>
    Object.values(bench.aws.state.stacks)
      .filter((stack) => stack.template && functionArn === FUNCTION_ARN && stack.status !== 'DELETE_COMPLETE')
      .flatMap((stack) => Object.values(JSON.parse(stack.template ?? '{}').Resources as Record<string, any>)) // eslint-disable-line @typescript-eslint/no-explicit-any
      .filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'alexa-appkit.amazon.com')
      .map((r) => String(r.Properties.EventSourceToken));
}

export async function startDeployBench(editAppJson?: (appJson: AppJson) => void): Promise<DeployBench> {
  const scratch = mkdtempSync(join(tmpdir(), 'deploy-bench-'));
  const clientSecret = `secret-${randomBytes(24).toString('hex')}`;
  const seed = JSON.parse(readFileSync(join(ROOT, 'packages', 'cognito-local', 'seed.json'), 'utf8'));
  seed.clients[0].ClientSecret = clientSecret;
  writeFileSync(join(scratch, 'seed.json'), JSON.stringify(seed));
  const identity = await startTestIdentity({ seedPath: join(scratch, 'seed.json'), alexaVendorId: VENDOR_ID });
  const outputs = () => ({
    UserPoolId: identity.userPoolId,
    UserPoolClientId: identity.clientId,
    HostedUiDomain: HOSTED_UI,
    SkillFunctionArn: FUNCTION_ARN,
  });
  const bench = { aws: await startAwsRecorder({ outputs: outputs() }) } as DeployBench;
  const refreshToken = `Atzr|${randomBytes(16).toString('hex')}`;
  const smapi = await startSmapiStandIn({ refreshToken, vendorId: VENDOR_ID, lambdaTriggers: lambdaTriggers(bench) });
  const project = copyProject((appJson) => {
    appJson.stages.prod.cognitoDomainPrefix = DOMAIN_PREFIX;
    appJson.stages.prod.vendorId = VENDOR_ID;
    editAppJson?.(appJson);
  });
  const home = join(scratch, 'home');
  mkdirSync(home);
  const env: Record<string, string | undefined> = {
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    // Made up: nothing reaches AWS; the SDK and the ASK CLI want a key pair all the same.
    AWS_ACCESS_KEY_ID: 'AKIAFAKEDEPLOYTEST00',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-the-deploy-test',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_ENDPOINT_URL: bench.aws.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: identity.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    ASK_REFRESH_TOKEN: refreshToken,
    ASK_ACCESS_TOKEN: undefined,
    ASK_VENDOR_ID: VENDOR_ID,
    ASK_DEFAULT_PROFILE: undefined,
    ASK_SMAPI_SERVER_BASE_URL: smapi.url,
    ASK_LWA_TOKEN_HOST: smapi.url,
    ASK_SHARE_USAGE: 'false',
    // The toolkit keeps no cache in the developer's ~/.cdk, and says nothing to the internet.
    CDK_HOME: join(home, '.cdk'),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    // aws-cdk-lib's own template validation takes seconds per synthesis: validate.test.ts does it once.
    CDK_VALIDATION: 'false',
  };
  return Object.assign(bench, {
    project,
    home,
    identity,
    smapi,
    clientSecret,
    env,
    resetAws: async (fixture: AwsFixture = { outputs: outputs() }) => {
      await bench.aws.close();
      bench.aws = await startAwsRecorder(fixture);
      env.AWS_ENDPOINT_URL = bench.aws.url;
      return bench.aws;
    },
    deploy: (args = ['--stage', 'prod']) => runNpm('deploy', args, env, project),
    close: async () => {
      await Promise.all([identity.close(), smapi.close(), bench.aws.close()]);
      rmSync(scratch, { recursive: true, force: true });
      rmSync(project, { recursive: true, force: true });
    },
  });
}
