import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AdmZip from 'adm-zip';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { OAUTH_SCOPES, stageSettings } from '../../deploy/settings';
import { runNpm } from './run';
import { FakeResource, TemplateApplication } from './support/fakeCloudFormation';
import { copyProject } from './support/project';

/**
 * `npm run package` (offline: no credentials, no AWS call) writes what `npm run deploy` would send:
 * the CloudFormation template, its parameters and the Lambda artefact. Checked resource by
 * resource, with the template applied the way CloudFormation applies it (test support's fake), for
 * the parameter cases that change it: before and after the skill exists, profile claims on.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROD = stageSettings('prod');
const ALEXA_REDIRECT_HOSTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'];
const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const ENV = {
  region: 'us-east-1',
  account: '123456789012',
  stackName: 'stack',
  userPoolId: 'us-east-1_Pool',
  appClientId: 'client',
};

describe('npm run package (CloudFormation template + artefact, offline)', () => {
  let project: string;
  let out: string;
  let template: Json;
  let parameters: Record<string, string>;
  let output: string;

  /** The resources CloudFormation would create with these parameter values. */
  const applied = (overrides: Record<string, string> = {}): Record<string, FakeResource> =>
    new TemplateApplication(template, { ...parameters, ...overrides }, ENV).resources;
  const ofType = (resources: Record<string, FakeResource>, type: string) =>
    Object.values(resources).filter((r) => r.type === type);

  beforeAll(async () => {
    project = copyProject();
    out = mkdtempSync(join(tmpdir(), 'package-'));
    const emptyHome = mkdtempSync(join(tmpdir(), 'no-aws-'));
    // No AWS credentials anywhere: packaging must not need them.
    const result = await runNpm(
      'package',
      ['--out', out],
      {
        HOME: emptyHome,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_PROFILE: undefined,
        AWS_SHARED_CREDENTIALS_FILE: join(emptyHome, 'none'),
        AWS_CONFIG_FILE: join(emptyHome, 'none'),
      },
      project,
    );
    output = result.stdout + result.stderr;
    if (result.code !== 0) throw new Error(`npm run package failed:\n${output}`);
    template = JSON.parse(readFileSync(join(out, 'template.json'), 'utf8'));
    parameters = JSON.parse(readFileSync(join(out, 'parameters.json'), 'utf8'));
  }, 90_000);

  afterAll(() => {
    for (const dir of [project, out]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the template, its parameters and the artefact, and says where', () => {
    for (const file of ['template.json', 'parameters.json', 'skill.zip']) expect(output).toContain(file);
    const zip = new AdmZip(readFileSync(join(out, 'skill.zip')));
    expect(zip.getEntries().map((e) => e.entryName)).toContain('index.js');
  });

  it('fills every parameter from app.json and src/config.ts, the scopes from OAUTH_SCOPES', () => {
    expect(parameters).toEqual({
      CodeKey: expect.stringMatching(/^skill\/[0-9a-f]{20}\.zip$/),
      CognitoDomainPrefix: PROD.cognitoDomainPrefix,
      AlexaVendorId: PROD.vendorId,
      AlexaSkillId: '',
      OAuthScopes: OAUTH_SCOPES.join(','),
      AccessTokenProfileClaims: 'false',
    });
  });

  it('before the skill exists: the function, its role and logs, the deployment bucket and the Cognito pool, domain and client', () => {
    expect(
      Object.values(applied())
        .map((r) => r.type)
        .sort(),
    ).toEqual(
      [
        'AWS::S3::Bucket',
        'AWS::Logs::LogGroup',
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolDomain',
        'AWS::Cognito::UserPoolClient',
      ].sort(),
    );
  });

  it('once the skill exists: only that skill may invoke the function', () => {
    const [permission] = ofType(applied({ AlexaSkillId: SKILL_ID }), 'AWS::Lambda::Permission');
    expect(permission.properties).toEqual({
      FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:stack-skill',
      Action: 'lambda:InvokeFunction',
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: SKILL_ID,
    });
  });

  it("runs the bundle on Node 22 (arm64) within Alexa's 8 seconds, with the stack's pool and client", () => {
    const [fn] = ofType(applied({ AlexaSkillId: SKILL_ID }), 'AWS::Lambda::Function');
    expect(fn.properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Timeout: 8,
      MemorySize: 256,
      Code: { S3Bucket: expect.stringMatching(/^stack-deploymentbucket-/), S3Key: parameters.CodeKey },
      LoggingConfig: { LogGroup: '/aws/lambda/stack-skill' },
    });
    expect(fn.properties.Environment).toEqual({
      Variables: {
        SKILL_ID: SKILL_ID,
        COGNITO_REGION: 'us-east-1',
        COGNITO_USER_POOL_ID: 'us-east-1_Pool',
        COGNITO_APP_CLIENT_ID: 'client',
      },
    });
  });

  it('keeps logs 14 days and grants the function nothing but writing them (GetUser needs only the user token)', () => {
    const resources = applied();
    expect(ofType(resources, 'AWS::Logs::LogGroup')[0].properties).toEqual({
      LogGroupName: '/aws/lambda/stack-skill',
      RetentionInDays: 14,
    });
    const role = ofType(resources, 'AWS::IAM::Role')[0].properties as Json;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const statements = role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/stack-skill:*',
      },
    ]);
    expect(role).not.toHaveProperty('ManagedPolicyArns');
  });

  it('keeps the deployment bucket private and encrypted', () => {
    const [bucket] = ofType(applied(), 'AWS::S3::Bucket');
    expect(bucket.properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(bucket.properties.BucketEncryption)).toContain('AES256');
  });

  it('creates a Lite user pool with real usernames, email as sign-in alias and a strong password policy, kept on removal', () => {
    const pool = template.Resources.UserPool;
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
    const props = ofType(applied(), 'AWS::Cognito::UserPool')[0].properties as Json;
    expect(props.UserPoolTier).toBe('LITE');
    expect(props).not.toHaveProperty('LambdaConfig');
    // UsernameAttributes would make every username a UUID, which the skill reads out as the username.
    expect(props).not.toHaveProperty('UsernameAttributes');
    expect(props.AliasAttributes).toEqual(['email']);
    expect(props.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(props.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'email', Required: true }),
        expect.objectContaining({ Name: 'name', Required: true }),
      ]),
    );
    expect(props.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 8,
      RequireSymbols: true,
      RequireNumbers: true,
    });
    expect(props.DeletionProtection).toBe('ACTIVE');
  });

  it('creates the Hosted UI domain in its classic version, whose sign-in page renders without branding', () => {
    expect(ofType(applied(), 'AWS::Cognito::UserPoolDomain')[0].properties).toEqual({
      UserPoolId: 'us-east-1_Pool',
      Domain: PROD.cognitoDomainPrefix,
      ManagedLoginVersion: 1,
    });
  });

  it("creates a confidential app client for Alexa's code grant: its three redirect URLs, the scopes, long-lived refresh tokens", () => {
    const client = ofType(applied(), 'AWS::Cognito::UserPoolClient')[0].properties as Json;
    expect(client).toMatchObject({
      UserPoolId: 'us-east-1_Pool',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: [...OAUTH_SCOPES],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    });
    expect(client.AllowedOAuthScopes).toContain('aws.cognito.signin.user.admin');
    expect(client.CallbackURLs).toEqual(
      ALEXA_REDIRECT_HOSTS.map((h) => `https://${h}/api/skill/link/${PROD.vendorId}`),
    );
    // Alexa wants access tokens that live at least 6 minutes; Cognito's default 30-day refresh
    // token would unlink every user once a month.
    expect(client.AccessTokenValidity).toBeGreaterThanOrEqual(6);
    expect(client.RefreshTokenValidity).toBe(3650);
  });

  it('outputs what the deploy reads back: bucket, pool, client, Hosted UI, function, and the allowed skill once there is one', () => {
    const outputs = (overrides: Record<string, string> = {}) =>
      new TemplateApplication(template, { ...parameters, ...overrides }, ENV).outputs();
    expect(outputs()).toEqual({
      DeploymentBucketName: expect.stringMatching(/^stack-deploymentbucket-/),
      UserPoolId: 'us-east-1_Pool',
      UserPoolClientId: 'client',
      HostedUiDomain: `https://${PROD.cognitoDomainPrefix}.auth.us-east-1.amazoncognito.com`,
      SkillFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:stack-skill',
    });
    expect(outputs({ AlexaSkillId: SKILL_ID }).AlexaSkillIdAllowed).toBe(SKILL_ID);
  });

  describe('with AccessTokenProfileClaims=true (app.json accessTokenProfileClaims)', () => {
    const withClaims = () => applied({ AccessTokenProfileClaims: 'true' });

    it('moves the pool to the Essentials plan and wires the pre token generation trigger, event version 2', () => {
      const resources = withClaims();
      const pool = ofType(resources, 'AWS::Cognito::UserPool')[0].properties as Json;
      expect(pool.UserPoolTier).toBe('ESSENTIALS');
      expect(pool.LambdaConfig).toEqual({
        PreTokenGenerationConfig: {
          LambdaVersion: 'V2_0',
          LambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:stack-profile-claims',
        },
      });
      const permission = ofType(resources, 'AWS::Lambda::Permission')[0].properties;
      expect(permission).toMatchObject({
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool',
      });
    });

    it('tells the skill which claims to read', () => {
      const skill = withClaims().SkillFunction;
      expect((skill.properties.Environment as Json).Variables.COGNITO_PROFILE_CLAIMS).toBe('email,name');
    });

    it("adds the user's email and name to the access token, and nothing for a user without them", async () => {
      const trigger = withClaims().ProfileClaimsFunction;
      const code = (trigger.properties.Code as Json).ZipFile as string;
      const module = { exports: {} as { handler: (event: Json) => Promise<Json> } };
      runInNewContext(code, { exports: module.exports, module });
      const event = (userAttributes: Json) => ({
        version: '2',
        triggerSource: 'TokenGeneration_RefreshTokens',
        request: { userAttributes, scopes: [] },
        response: {},
      });
      const answer = await module.exports.handler(
        event({ sub: 'u1', email: 'alice@example.com', name: 'Alice Smith' }),
      );
      expect(answer.response).toEqual({
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: { claimsToAddOrOverride: { email: 'alice@example.com', name: 'Alice Smith' } },
        },
      });
      const bare = await module.exports.handler(event({ sub: 'u2' }));
      expect(bare.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual({});
    });
  });
});
