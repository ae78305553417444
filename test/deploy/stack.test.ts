import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { COLD_START_METRIC, METRIC_NAMES } from '../../src/metrics';
import { PROFILE_ATTRIBUTES } from '../../src/profileFields';
import { OAUTH_SCOPES, stageSettings, StageSettings } from '../../deploy/settings';
import { SkillStack, SkillStackProps } from '../../deploy/stack';
import { runNpm } from './run';
import { copyProject } from './support/project';

/**
 * The stack as CloudFormation receives it (aws-cdk-lib/assertions on the synthesized template): the
 * user pool and Alexa's app client, the function, who may invoke it, the alarms and the dashboard;
 * then `npm run package`, which writes the same offline. validate.test.ts checks the template
 * against CloudFormation's schemas.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const codeDir = mkdtempSync(join(tmpdir(), 'lambda-'));
writeFileSync(join(codeDir, 'index.js'), 'exports.handler = async () => ({});');
writeFileSync(join(codeDir, 'skill.zip'), 'the same code, zipped');
afterAll(() => rmSync(codeDir, { recursive: true, force: true }));

const settings = (changes: Partial<StageSettings> = {}): StageSettings => ({
  ...stageSettings('prod'),
  cognitoDomainPrefix: 'profile-keeper-jane',
  vendorId: 'M2VENDOR',
  ...changes,
});
const synth = (props: Partial<SkillStackProps> = {}) =>
  Template.fromStack(
    // aws-cdk-lib's own template validation takes seconds per synthesis: validate.test.ts does it once.
    new SkillStack(new App({ builtinCloudFormationValidation: false }), {
      stackName: 'skill-prod',
      settings: settings(),
      skillId: SKILL_ID,
      pool: { kind: 'new' },
      codeDir,
      assetsBucket: 'skill-assets-bucket',
      env: { account: '123456789012', region: 'us-east-1' },
      ...props,
    }),
  );
const one = (template: Template, type: string): Json => Object.values(template.findResources(type))[0];

describe('the stack', () => {
  let template: Template;
  beforeAll(() => {
    template = synth();
  });

  it('creates a Lite user pool with usernames people pick, email as alias, case-insensitive, kept on removal', () => {
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const pool = one(template, 'AWS::Cognito::UserPool').Properties;
    expect(pool).toMatchObject({
      UserPoolTier: 'LITE',
      AliasAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      DeletionProtection: 'ACTIVE',
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: true, RequireNumbers: true } },
    });
    // UsernameAttributes would make every username a UUID, which the skill has nothing to say for.
    expect(pool).not.toHaveProperty('UsernameAttributes');
    expect(pool.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'email', Required: true }),
        expect.objectContaining({ Name: 'name', Required: true }),
      ]),
    );
  });

  it('keeps its logical ids: another id would replace the pool (its users lost) or clash on a name', () => {
    const ids = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>).map(
      ([id, resource]) => `${resource.Type} ${id}`,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'AWS::Cognito::UserPool UserPool',
        'AWS::Cognito::UserPoolClient UserPoolClient',
        'AWS::Cognito::UserPoolDomain UserPoolDomain',
        'AWS::Logs::LogGroup SkillLogGroup',
        'AWS::IAM::Role SkillRole',
        'AWS::Lambda::Function SkillFunction',
        'AWS::Lambda::Permission AlexaSkillPermission',
      ]),
    );
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { UserPoolId: { Ref: 'UserPool' } });
  });

  it("makes a confidential app client for Alexa's code grant: its three redirect URLs, the scopes, long-lived refresh tokens", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: [...OAUTH_SCOPES],
      CallbackURLs: ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
        (host) => `https://${host}/api/skill/link/M2VENDOR`,
      ),
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      ReadAttributes: [...PROFILE_ATTRIBUTES],
      RefreshTokenValidity: 3650,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      EnableTokenRevocation: true,
    });
  });

  it('makes the Hosted UI domain in its classic version, whose sign-in page renders without branding', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'profile-keeper-jane',
      ManagedLoginVersion: 1,
    });
  });

  it("runs the Lambda folder (its zip left out) on Node 22, arm64, 256 MB, within Alexa's 8 seconds", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'skill-prod-skill',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 8,
      Code: { S3Bucket: 'skill-assets-bucket', S3Key: Match.stringLikeRegexp('^skill-prod/[0-9a-f]{64}\\.zip$') },
      Environment: {
        Variables: {
          SKILL_ID,
          COGNITO_REGION: 'us-east-1',
          COGNITO_USER_POOL_ID: { Ref: 'UserPool' },
          COGNITO_APP_CLIENT_ID: { Ref: 'UserPoolClient' },
          ALEXA_VERIFY_REQUESTS: 'true',
          POWERTOOLS_METRICS_NAMESPACE: 'ProfileKeeper',
          POWERTOOLS_SERVICE_NAME: 'profile-keeper',
        },
      },
    });
  });

  it('lets only this skill invoke the function, and none before the skill exists', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'alexa-appkit.amazon.com',
      Action: 'lambda:InvokeFunction',
      EventSourceToken: SKILL_ID,
    });
    synth({ skillId: '' }).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('grants the function nothing but writing its logs, kept 14 days (GetUser needs only the user token)', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/skill-prod-skill',
      RetentionInDays: 14,
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['SkillLogGroup', 'Arn'] },
      },
    ]);
    expect(one(template, 'AWS::IAM::Role').Properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('outputs the pool, the client, the Hosted UI and the function', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
      ['HostedUiDomain', 'SkillFunctionArn', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
  });
});

describe('production signals', () => {
  let template: Template;
  let alarms: Json[];
  beforeAll(() => {
    template = synth({ settings: settings({ alarmEmail: 'ops@example.com' }) });
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
  });
  const skillMetrics = (alarm: Json) =>
    (alarm.Metrics ?? []).filter((m: Json) => m.MetricStat).map((m: Json) => m.MetricStat.Metric);

  it('alarms on metrics the skill emits, in its namespace, with the dimensions service and stage', () => {
    const used = alarms.flatMap(skillMetrics);
    expect(used.map((m: Json) => m.MetricName).sort()).toEqual(
      ['CognitoUnavailable', 'GetUserErrors', 'GetUserThrottles', 'Requests'].sort(),
    );
    for (const metric of used) {
      expect([...METRIC_NAMES, COLD_START_METRIC]).toContain(metric.MetricName);
      expect(metric).toMatchObject({
        Namespace: 'ProfileKeeper',
        Dimensions: [
          { Name: 'service', Value: 'profile-keeper' },
          { Name: 'stage', Value: 'prod' },
        ],
      });
    }
  });

  it('alarms on the share of requests with Cognito unavailable, GetUser errors and throttles, function errors, p99 duration', () => {
    const expressions = alarms.flatMap((a) => (a.Metrics ?? []).filter((m: Json) => m.Expression));
    expect(expressions.map((m: Json) => m.Expression)).toEqual([
      'IF(requests >= 10, 100 * FILL(unavailable, 0) / requests, 0)',
      'FILL(errors, 0) + FILL(throttles, 0)',
    ]);
    const lambdaAlarms = alarms.filter((a) => a.Namespace === 'AWS/Lambda');
    expect(lambdaAlarms.map((a) => [a.MetricName, a.Statistic ?? a.ExtendedStatistic, a.Threshold])).toEqual([
      ['Errors', 'Sum', 3],
      ['Duration', 'p99', 6000],
    ]);
  });

  it('notifies an SNS topic, and the email address app.json names', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions).toEqual([{ Ref: topic }]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    synth().resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('shows the link states over time, GetUser latency and answer latency on a dashboard', () => {
    const body = JSON.stringify(one(template, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody);
    for (const name of [
      'Linked',
      'NotLinked',
      'RelinkNeeded',
      'CognitoUnavailable',
      'GetUserLatency',
      'AnswerLatency',
    ]) {
      expect(body).toContain(`\\"${name}\\"`);
    }
  });
});

describe('an existing user pool (app.json userPoolId, or the pool --remove kept)', () => {
  it('adds only the app client, and a domain when the pool has none; the pool stays untouched', () => {
    const template = synth({ pool: { kind: 'existing', userPoolId: 'us-east-1_Team' } });
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { UserPoolId: 'us-east-1_Team' });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { UserPoolId: 'us-east-1_Team' });
  });

  it('uses the domain the pool has, and the app client app.json names', () => {
    const hostedUi = 'https://team-login.auth.us-east-1.amazoncognito.com';
    const template = synth({
      pool: { kind: 'existing', userPoolId: 'us-east-1_Team', hostedUi, appClientId: 'teamclient' },
    });
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolDomain']) {
      template.resourceCountIs(type, 0);
    }
    expect(template.toJSON().Outputs).toMatchObject({
      HostedUiDomain: { Value: hostedUi },
      UserPoolClientId: { Value: 'teamclient' },
    });
  });
});

describe('with accessTokenProfileClaims (app.json)', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ settings: settings({ accessTokenProfileClaims: true }) });
  });

  it('moves the pool to the Essentials plan and wires the pre token generation trigger, event version 2', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'cognito-idp.amazonaws.com' });
  });

  it('puts every attribute the skill reads into the access token, empty when unset, and tells the skill', async () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const skill = functions.find((f) => f.Properties.FunctionName === 'skill-prod-skill');
    expect(skill?.Properties.Environment.Variables.COGNITO_PROFILE_CLAIMS).toBe(PROFILE_ATTRIBUTES.join(','));
    const code = functions.find((f) => f.Properties.Code.ZipFile)?.Properties.Code.ZipFile as string;
    const module = { exports: {} as { handler: (event: Json) => Promise<Json> } };
    runInNewContext(code, { exports: module.exports, module, Object });
    const event = {
      version: '2',
      request: { userAttributes: { sub: 'u1', email: 'alice@example.com', name: 'Alice' } },
    };
    const answer = await module.exports.handler(event);
    const given: Record<string, string> = event.request.userAttributes;
    expect(answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual(
      Object.fromEntries(PROFILE_ATTRIBUTES.map((attribute) => [attribute, given[attribute] ?? ''])),
    );
  });
});

describe('npm run package (offline: no credentials, no AWS call)', () => {
  it('writes the template and the Lambda code into build/deploy/<stage>/', async () => {
    const project = copyProject((appJson) => {
      appJson.stages.prod.cognitoDomainPrefix = 'profile-keeper-jane';
      appJson.stages.prod.vendorId = 'M2VENDOR';
    });
    const home = join(project, 'empty-home');
    mkdirSync(home);
    try {
      const result = await runNpm(
        'package',
        [],
        // validate.test.ts runs aws-cdk-lib's template validation; here it would only take seconds.
        {
          HOME: home,
          AWS_ACCESS_KEY_ID: undefined,
          AWS_PROFILE: undefined,
          AWS_CONFIG_FILE: join(home, 'none'),
          CDK_VALIDATION: 'false',
        },
        project,
      );
      expect(result.code).toBe(0);
      const out = join(project, 'build', 'deploy', 'prod');
      const packaged = JSON.parse(readFileSync(join(out, 'alexa-cognito-account-linking-prod.template.json'), 'utf8'));
      expect(packaged.Resources.UserPoolClient.Properties.CallbackURLs[0]).toBe(
        'https://pitangui.amazon.com/api/skill/link/M2VENDOR',
      );
      const asset = readdirSync(out).find((name) => name.startsWith('asset.')) ?? '';
      const code = readdirSync(join(out, asset));
      expect(code).toContain('index.js');
      expect(code.filter((file) => file.endsWith('.zip'))).toEqual([]);
      expect(result.stdout).toContain('build/deploy/prod/alexa-cognito-account-linking-prod.template.json');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 90_000);
});
