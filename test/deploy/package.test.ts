import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import appJson from '../../app.json';
import { ROOT, runNpm } from './run';

/**
 * `npm run package` (bundle + `serverless package`, offline) checked the way CloudFormation reads
 * it: the template Serverless would deploy, resource by resource.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROD = appJson.stages.prod;
const ALEXA_REDIRECT_HOSTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'];

describe('npm run package (CloudFormation for the skill and its Cognito user pool)', () => {
  let template: Json;
  let resources: Json;
  const ofType = (type: string): Json[] => Object.values(resources).filter((r: Json) => r.Type === type);
  const one = (type: string): Json => {
    const found = ofType(type);
    expect(found).toHaveLength(1);
    return found[0];
  };

  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    // No AWS credentials in the environment or HOME: packaging must not need them.
    const result = await runNpm('package', [], {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_PROFILE: undefined,
      AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-credentials-file'),
      AWS_CONFIG_FILE: join(ROOT, 'no-such-config-file'),
    });
    if (result.code !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
    template = JSON.parse(readFileSync(join(ROOT, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'));
    resources = template.Resources;
  }, 90_000);

  it('has exactly the function, its trigger and log group, and the Cognito pool, domain and client', () => {
    const types = Object.values(resources).map((r: Json) => r.Type as string);
    const own = types.filter((t) => !t.startsWith('AWS::S3::')); // Serverless' deployment bucket
    expect(own.sort()).toEqual(
      [
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolClient',
        'AWS::Cognito::UserPoolDomain',
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'AWS::Lambda::Permission',
        'AWS::Lambda::Version',
        'AWS::Logs::LogGroup',
      ].sort(),
    );
  });

  it('deploys the bundle on Node 20 with the Alexa time limit', () => {
    const fn = one('AWS::Lambda::Function').Properties;
    expect(fn.Runtime).toBe('nodejs20.x');
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Timeout).toBe(8);
    expect(fn.MemorySize).toBe(256);
    expect(fn.Code.S3Key).toMatch(/\/skill\.zip$/);
    const state = JSON.parse(readFileSync(join(ROOT, '.serverless', 'serverless-state.json'), 'utf8'));
    expect(state.service.initialServerlessConfig.package.artifact).toBe('bundle/skill.zip');
    // Rebuilt by `npm run package` itself (it runs `npm run bundle` first).
    expect(statSync(join(ROOT, 'bundle', 'skill.zip')).mtimeMs).toBeGreaterThan(startedAt);
  });

  it("gives the function the stack's user pool and client, and the skill id", () => {
    const env = one('AWS::Lambda::Function').Properties.Environment.Variables;
    expect(env.COGNITO_USER_POOL_ID).toEqual({ Ref: 'UserPool' });
    expect(env.COGNITO_APP_CLIENT_ID).toEqual({ Ref: 'UserPoolClient' });
    expect(env.COGNITO_REGION).toBe(PROD.region);
    expect(env.SKILL_ID).toBe(PROD.skillId);
    expect(env).not.toHaveProperty('ALEXA_VERIFY_REQUESTS');
  });

  it('lets only this skill invoke the function', () => {
    const permission = one('AWS::Lambda::Permission').Properties;
    expect(permission.Principal).toBe('alexa-appkit.amazon.com');
    expect(permission.Action).toBe('lambda:InvokeFunction');
    expect(permission.EventSourceToken).toBe(PROD.skillId);
  });

  it('keeps logs for 14 days', () => {
    expect(one('AWS::Logs::LogGroup').Properties.RetentionInDays).toBe(14);
  });

  it('grants the function no Cognito rights (GetUser needs only the user token)', () => {
    const role = one('AWS::IAM::Role').Properties;
    const actions = role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement).flatMap((s: Json) =>
      [s.Action].flat(),
    );
    expect(actions.every((action: string) => action.startsWith('logs:'))).toBe(true);
    expect(JSON.stringify(role)).not.toMatch(/cognito-idp/);
    expect(role.ManagedPolicyArns ?? []).toEqual([]);
  });

  it('creates a user pool with real usernames, email as sign-in alias and a strong password policy', () => {
    const pool = resources.UserPool;
    expect(pool.Type).toBe('AWS::Cognito::UserPool');
    const props = pool.Properties;
    // UsernameAttributes would make every username a UUID, which the skill reads out as the username.
    expect(props).not.toHaveProperty('UsernameAttributes');
    expect(props.AliasAttributes).toEqual(['email']);
    expect(props.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(props.AutoVerifiedAttributes).toEqual(['email']);
    expect(props.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'email', Required: true }),
        expect.objectContaining({ Name: 'name', Required: true }),
      ]),
    );
    expect(props.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(props.AccountRecoverySetting.RecoveryMechanisms).toEqual([{ Name: 'verified_email', Priority: 1 }]);
    expect(props.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('creates the hosted UI domain on the pool', () => {
    expect(resources.UserPoolDomain.Properties).toEqual({
      UserPoolId: { Ref: 'UserPool' },
      Domain: PROD.cognitoDomainPrefix,
    });
  });

  it('creates a confidential app client for the Alexa authorization-code flow', () => {
    const client = resources.UserPoolClient.Properties;
    expect(client).toMatchObject({
      UserPoolId: { Ref: 'UserPool' },
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
      EnableTokenRevocation: true,
    });
    expect(client.CallbackURLs).toEqual(
      ALEXA_REDIRECT_HOSTS.map((host) => `https://${host}/api/skill/link/${PROD.vendorId}`),
    );
  });

  it('outputs the pool id, client id and hosted UI URL that app.json needs', () => {
    expect(template.Outputs.UserPoolId.Value).toEqual({ Ref: 'UserPool' });
    expect(template.Outputs.UserPoolClientId.Value).toEqual({ Ref: 'UserPoolClient' });
    expect(template.Outputs.HostedUiDomain.Value).toEqual({
      'Fn::Sub': 'https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com',
    });
  });

  it('refuses to deploy, with the fix, when no AWS credentials are configured', async () => {
    const emptyHome = mkdtempSync(join(tmpdir(), 'no-aws-'));
    const result = await runNpm('deploy', [], {
      HOME: emptyHome,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_PROFILE: undefined,
      AWS_DEFAULT_PROFILE: undefined,
      AWS_SHARED_CREDENTIALS_FILE: undefined,
      AWS_CONFIG_FILE: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('No AWS credentials found, so nothing was deployed.');
    expect(result.stderr).toContain('aws configure');
  }, 60_000);
});
