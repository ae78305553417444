import * as cdk from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';
import { appClientSettings } from './cognito';
import lambdaFunction from './function.json';
import { addMonitoring } from './monitoring';
import { functionEnvironment, StageSettings } from './settings';

/**
 * The skill in AWS as an AWS CDK stack: the Lambda function, the Cognito user pool with its Hosted
 * UI domain and Alexa's app client, alarms and a dashboard (monitoring.ts). All a person decides or
 * a deployment learnt is resolved before synthesis: no CloudFormation parameters or conditions.
 * docs/deploy.md says why each setting is what it is.
 */
export type PoolChoice =
  | { kind: 'new' }
  /** A pool that exists (a team's, or the stage's own kept by `--remove`): left as it is. */
  | { kind: 'existing'; userPoolId: string; hostedUi?: string; appClientId?: string };

export interface SkillStackProps {
  stackName: string;
  settings: StageSettings;
  /** '' until the skill exists; its invoke permission comes with it. */
  skillId: string;
  pool: PoolChoice;
  /** The Lambda folder (scripts/bundle.js --out); a zip in it is not part of the code. */
  codeDir: string;
  /** The bucket the deploy makes for the assets (toolkit.ts): no `cdk bootstrap` needed. */
  assetsBucket: string;
  env?: { account: string; region: string };
}

/**
 * Logical ids that never change: another id makes CloudFormation replace the resource, which for
 * the pool loses its users and for the named function and log group fails on the name.
 */
const fixedId = (construct: { node: { defaultChild?: unknown } }, id: string) =>
  ((construct.node.defaultChild ?? construct) as cdk.CfnResource).overrideLogicalId(id);

export class SkillStack extends cdk.Stack {
  constructor(scope: cdk.App, props: SkillStackProps) {
    const { stackName, settings, pool: choice, env } = props;
    const synthesizer = new cdk.CliCredentialsStackSynthesizer({
      fileAssetsBucketName: props.assetsBucket,
      bucketPrefix: `${stackName}/`,
    });
    super(scope, stackName, { stackName, env, synthesizer });
    const existing = choice.kind === 'existing' ? choice : undefined;
    const userPoolId = existing?.userPoolId ?? this.userPool(settings).userPoolId;

    let clientId = existing?.appClientId;
    if (!clientId) {
      // Alexa is a confidential client: it sends the secret with HTTP Basic to /oauth2/token.
      const client = new cognito.CfnUserPoolClient(this, 'UserPoolClient', { userPoolId, generateSecret: true });
      client.clientName = 'alexa-skill';
      for (const [key, value] of Object.entries(appClientSettings(settings.vendorId)))
        client.addPropertyOverride(key, value);
      client.overrideLogicalId('UserPoolClient');
      clientId = client.ref;
    }
    let hostedUi = existing?.hostedUi;
    if (!hostedUi) {
      // Version 1, the classic Hosted UI, renders as soon as the domain exists; managed login (2)
      // shows no sign-in page until a branding style is made for the client.
      const domain = new cognito.CfnUserPoolDomain(this, 'UserPoolDomain', {
        userPoolId,
        domain: settings.cognitoDomainPrefix ?? '',
        managedLoginVersion: 1,
      });
      domain.overrideLogicalId('UserPoolDomain');
      hostedUi = `https://${domain.ref}.auth.${this.region}.amazoncognito.com`;
    }

    const fn = this.skillFunction(props, { ...settings, skillId: props.skillId, userPoolId, appClientId: clientId });
    if (props.skillId) {
      // Only this skill may invoke the function (the ASK CLI's own Lambda deployer does the same).
      const principal = new iam.ServicePrincipal('alexa-appkit.amazon.com');
      fn.addPermission('AlexaSkillPermission', { principal, eventSourceToken: props.skillId });
      fixedId(fn.node.findChild('AlexaSkillPermission'), 'AlexaSkillPermission');
    }
    addMonitoring(this, fn, settings);
    const outputs = { UserPoolId: userPoolId, UserPoolClientId: clientId, HostedUiDomain: hostedUi };
    for (const [id, value] of Object.entries({ ...outputs, SkillFunctionArn: fn.functionArn })) {
      new cdk.CfnOutput(this, id, { value });
    }
  }

  private userPool(settings: StageSettings): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: this.stackName,
      // Lite unless the profile claims are wanted: customizing access tokens needs Essentials.
      featurePlan: settings.accessTokenProfileClaims ? cognito.FeaturePlan.ESSENTIALS : cognito.FeaturePlan.LITE,
      // Usernames people pick, their verified email as an alias; not email as the username, which
      // makes Cognito give every user a UUID for a username (docs/deploy.md).
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      selfSignUpEnabled: true,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: cdk.Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Users' accounts outlive the stack: `--remove` and a replacement keep the pool.
      deletionProtection: true,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    fixedId(pool, 'UserPool');
    if (settings.accessTokenProfileClaims) {
      // The attributes the skill reads into access tokens, '' when unset (event version 2): a token
      // with all of them needs no GetUser.
      const code = lambda.Code.fromInline(
        `const NAMES = ${JSON.stringify(PROFILE_ATTRIBUTES)};\n` +
          'exports.handler = async (event) => {\n' +
          '  const claims = Object.fromEntries(NAMES.map((name) => [name, event.request.userAttributes[name] ?? ""]));\n' +
          '  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } };\n' +
          '  return event;\n};\n',
      );
      const runtime = lambda.Runtime.NODEJS_22_X;
      const claims = new lambda.Function(this, 'ProfileClaimsFunction', { runtime, handler: 'index.handler', code });
      pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, claims, cognito.LambdaVersion.V2_0);
    }
    return pool;
  }

  private skillFunction(props: SkillStackProps, settings: StageSettings): lambda.Function {
    const functionName = `${this.stackName}-skill`;
    const logGroup = new logs.LogGroup(this, 'SkillLogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logs.RetentionDays.TWO_WEEKS,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    // Logs only: GetUser is authorised by the user's access token, so the function needs no Cognito rights.
    const role = new iam.Role(this, 'SkillRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    fixedId(role, 'SkillRole');
    fixedId(logGroup, 'SkillLogGroup');
    const actions = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    role.addToPolicy(new iam.PolicyStatement({ actions, resources: [logGroup.logGroupArn] }));
    const fn = new lambda.Function(this, 'SkillFunction', {
      functionName,
      description: `${settings.stage} stage of the Alexa skill (Jovo v4)`,
      runtime: new lambda.Runtime(lambdaFunction.runtime, lambda.RuntimeFamily.NODEJS),
      architecture: lambda.Architecture.custom(lambdaFunction.architecture),
      handler: lambdaFunction.handler,
      memorySize: lambdaFunction.memoryMb,
      // Alexa waits 8 seconds for an answer.
      timeout: cdk.Duration.seconds(lambdaFunction.timeoutSeconds),
      code: lambda.Code.fromAsset(props.codeDir, { exclude: ['*.zip'] }),
      role,
      logGroup,
      environment: functionEnvironment(settings),
    });
    fixedId(fn, 'SkillFunction');
    return fn;
  }
}
