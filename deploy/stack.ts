import {
  App,
  CfnOutput,
  CfnResource,
  CliCredentialsStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';
import { appClientSettings } from './cognito';
import lambdaFunction from './function.json';
import { addMonitoring } from './monitoring';
import { functionEnvironment, StageSettings } from './settings';

/**
 * The skill in AWS as an AWS CDK stack: the Lambda function, the Cognito user pool, its Hosted UI
 * domain and Alexa's app client, alarms and a dashboard (monitoring.ts). Everything a person
 * decides or a deployment learnt is resolved before synthesis and passed in: no CloudFormation
 * parameters or conditions. docs/deploy.md says why each setting is what it is.
 */
export type PoolChoice =
  | { kind: 'new' }
  /** A pool that exists already (a team's, or this stage's own kept by `--remove`): left as it is. */
  | { kind: 'existing'; userPoolId: string; hostedUi?: string; appClientId?: string };

export interface SkillStackProps {
  stackName: string;
  settings: StageSettings;
  /** '' until the skill exists; its invoke permission comes with it. */
  skillId: string;
  pool: PoolChoice;
  /** The Lambda folder (scripts/bundle.js --out); its zip, if any, is not part of the code. */
  codeDir: string;
  /** The bucket the deploy makes for the assets: no `cdk bootstrap` (and its admin roles) needed. */
  assetsBucket: string;
  env?: { account: string; region: string };
}

/** Names that outlive a refactor: another logical id would make CloudFormation replace the pool. */
const fixedId = (construct: { node: { defaultChild?: unknown } }, id: string) =>
  (construct.node.defaultChild as CfnResource).overrideLogicalId(id);

export class SkillStack extends Stack {
  constructor(scope: App, props: SkillStackProps) {
    const synthesizer = new CliCredentialsStackSynthesizer({
      fileAssetsBucketName: props.assetsBucket,
      bucketPrefix: `${props.stackName}/`,
    });
    super(scope, props.stackName, { stackName: props.stackName, env: props.env, synthesizer });
    const { settings, pool: choice } = props;
    const pool = choice.kind === 'new' ? this.userPool(settings) : undefined;
    const userPoolId = pool?.userPoolId ?? (choice.kind === 'existing' ? choice.userPoolId : '');

    let clientId = choice.kind === 'existing' ? choice.appClientId : undefined;
    if (!clientId) {
      const client = new cognito.CfnUserPoolClient(this, 'UserPoolClient', {
        userPoolId,
        clientName: 'alexa-skill',
        // Alexa is a confidential client: it sends the secret with HTTP Basic to /oauth2/token.
        generateSecret: true,
      });
      for (const [key, value] of Object.entries(appClientSettings(settings.vendorId))) {
        client.addPropertyOverride(key, value);
      }
      client.overrideLogicalId('UserPoolClient');
      clientId = client.ref;
    }

    let hostedUi = choice.kind === 'existing' ? choice.hostedUi : undefined;
    if (!hostedUi) {
      const domain = new cognito.CfnUserPoolDomain(this, 'UserPoolDomain', {
        userPoolId,
        domain: settings.cognitoDomainPrefix ?? '',
        // 1 = the classic Hosted UI, which renders as soon as the domain exists; managed login (2)
        // shows no sign-in page until a branding style is made for the client.
        managedLoginVersion: 1,
      });
      domain.overrideLogicalId('UserPoolDomain');
      hostedUi = `https://${domain.ref}.auth.${this.region}.amazoncognito.com`;
    }

    const fn = this.skillFunction(props, { userPoolId, clientId });
    if (props.skillId) {
      // Only this skill may invoke the function (the ASK CLI's own Lambda deployer does the same).
      fn.addPermission('AlexaSkillPermission', {
        principal: new iam.ServicePrincipal('alexa-appkit.amazon.com'),
        eventSourceToken: props.skillId,
      });
    }
    addMonitoring(this, { fn, settings });
    new CfnOutput(this, 'UserPoolId', { value: userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: clientId });
    new CfnOutput(this, 'HostedUiDomain', { value: hostedUi });
    new CfnOutput(this, 'SkillFunctionArn', { value: fn.functionArn });
  }

  private userPool(settings: StageSettings): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: this.stackName,
      // Lite unless the profile claims are wanted: customizing access tokens needs Essentials.
      featurePlan: settings.accessTokenProfileClaims ? cognito.FeaturePlan.ESSENTIALS : cognito.FeaturePlan.LITE,
      // Usernames people pick, and their verified email as an alias. Not email as the username:
      // Cognito then makes every username a UUID, which the skill would have nothing to say for.
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      selfSignUpEnabled: true,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 8,
        requireUppercase: true,
        requireLowercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Users' accounts outlive the stack: `--remove` and a replacement keep the pool.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    fixedId(pool, 'UserPool');
    if (settings.accessTokenProfileClaims) {
      // Puts the attributes the skill reads into access tokens, '' for one a user has not set
      // (event version 2, Essentials plan): a token with all of them needs no GetUser.
      const claims = new lambda.Function(this, 'ProfileClaimsFunction', {
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        memorySize: 128,
        timeout: Duration.seconds(5),
        code: lambda.Code.fromInline(
          `const NAMES = ${JSON.stringify(PROFILE_ATTRIBUTES)};\n` +
            'exports.handler = async (event) => {\n' +
            '  const claims = Object.fromEntries(NAMES.map((name) => [name, event.request.userAttributes[name] ?? ""]));\n' +
            '  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } };\n' +
            '  return event;\n};\n',
        ),
      });
      pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, claims, cognito.LambdaVersion.V2_0);
    }
    return pool;
  }

  private skillFunction(props: SkillStackProps, ids: { userPoolId: string; clientId: string }): lambda.Function {
    const name = `${this.stackName}-skill`;
    const logGroup = new logs.LogGroup(this, 'SkillLogGroup', {
      logGroupName: `/aws/lambda/${name}`,
      retention: logs.RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Logs only: GetUser is authorised by the user's access token, so the function needs no Cognito rights.
    const role = new iam.Role(this, 'SkillRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const settings = { ...props.settings, skillId: props.skillId, appClientId: ids.clientId };
    return new lambda.Function(this, 'SkillFunction', {
      functionName: name,
      description: `${props.settings.stage} stage of the Alexa skill (Jovo v4)`,
      runtime: new lambda.Runtime(lambdaFunction.runtime, lambda.RuntimeFamily.NODEJS),
      architecture: lambda.Architecture.custom(lambdaFunction.architecture),
      handler: lambdaFunction.handler,
      memorySize: lambdaFunction.memoryMb,
      // Alexa waits 8 seconds for an answer; the skill's own Cognito budget is much shorter.
      timeout: Duration.seconds(lambdaFunction.timeoutSeconds),
      code: lambda.Code.fromAsset(props.codeDir, { exclude: ['*.zip'] }),
      role,
      logGroup,
      environment: functionEnvironment({ ...settings, userPoolId: ids.userPoolId }),
    });
  }
}

/** The stack synthesized into `outdir` (what `npm run package` writes and the toolkit deploys). */
export function synthesize(props: SkillStackProps, outdir: string, context: Record<string, unknown> = {}) {
  const app = new App({ outdir, context });
  new SkillStack(app, props);
  return app.synth() as unknown as CloudAssembly;
}
