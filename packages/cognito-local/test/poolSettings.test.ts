import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetUserCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { RunningIdentityService } from '../src';
import { ALICE, cognitoClient, newDataDir, signIn, startService } from './clients';

/**
 * What a deploy and `npm run doctor` read and write, through the real AWS SDK v3 client: the pool, its
 * app clients and its domain, answered with Cognito's shapes, defaults and validation errors.
 */
let dataDir: string;
let service: RunningIdentityService;
let sdk: CognitoIdentityProviderClient;
const pool = () => ({ UserPoolId: service.userPoolId });

beforeAll(async () => {
  dataDir = newDataDir();
  service = await startService({ dataDir });
  sdk = cognitoClient(service);
});
afterAll(async () => {
  sdk.destroy();
  await service.close();
});

const OAUTH_CLIENT = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ['code' as const],
  AllowedOAuthScopes: ['openid', 'email'],
  CallbackURLs: ['https://example.com/callback'],
  SupportedIdentityProviders: ['COGNITO'],
};

describe('DescribeUserPool', () => {
  test("reports the pool in Cognito's shape: id, ARN, domain, username settings, schema, policies", async () => {
    const { UserPool } = await sdk.send(new DescribeUserPoolCommand(pool()));
    expect(UserPool).toMatchObject({
      Id: 'us-east-1_LocalPool',
      Name: 'profile-keeper-local',
      Arn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_LocalPool',
      Domain: 'profile-keeper-local',
      UsernameConfiguration: { CaseSensitive: false },
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: {},
      EstimatedNumberOfUsers: 2,
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: true } },
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    expect(UserPool?.UsernameAttributes).toBeUndefined();
    const schema = Object.fromEntries((UserPool?.SchemaAttributes ?? []).map((a) => [a.Name, a]));
    expect(schema.sub).toMatchObject({ AttributeDataType: 'String', Mutable: false, Required: true });
    expect(schema.email_verified).toMatchObject({ AttributeDataType: 'Boolean' });
    expect(Object.keys(schema)).toEqual(
      expect.arrayContaining(['email', 'name', 'preferred_username', 'phone_number']),
    );
  });

  test('an unknown pool is ResourceNotFoundException', async () => {
    await expect(sdk.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_Other' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('CreateUserPoolClient', () => {
  test("makes a client with a generated id and secret, Cognito's defaults for what is left out, and persists it", async () => {
    const { UserPoolClient: created } = await sdk.send(
      new CreateUserPoolClientCommand({ ...pool(), ClientName: 'doctor-probe', GenerateSecret: true }),
    );
    expect(created).toMatchObject({
      ClientId: expect.stringMatching(/^[a-z0-9]{26}$/),
      ClientSecret: expect.stringMatching(/^[a-z0-9]{51,52}$/),
      ClientName: 'doctor-probe',
      UserPoolId: service.userPoolId,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenValidity: 30,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: true,
    });
    for (const absent of ['CallbackURLs', 'AllowedOAuthFlows', 'AllowedOAuthScopes', 'ReadAttributes']) {
      expect(created).not.toHaveProperty(absent);
    }
    const listed = await sdk.send(new ListUserPoolClientsCommand({ ...pool(), MaxResults: 60 }));
    expect(listed.UserPoolClients?.map((client) => client.ClientName)).toEqual([
      'profile-keeper-skill',
      'doctor-probe',
    ]);

    await service.close();
    service = await startService({ dataDir });
    sdk.destroy();
    sdk = cognitoClient(service);
    const described = await sdk.send(new DescribeUserPoolClientCommand({ ...pool(), ClientId: created?.ClientId }));
    expect(described.UserPoolClient?.ClientSecret).toBe(created?.ClientSecret);
  });

  test.each([
    [
      'the code flow without callback URLs',
      { ...OAUTH_CLIENT, CallbackURLs: [] },
      'InvalidOAuthFlowException',
      'CallbackUrls can not be empty when code flow or implicit flow is selected',
    ],
    [
      'OAuth flows while AllowedOAuthFlowsUserPoolClient is false',
      { ...OAUTH_CLIENT, AllowedOAuthFlowsUserPoolClient: false },
      'InvalidOAuthFlowException',
      expect.stringContaining('AllowedOAuthFlowsUserPoolClient'),
    ],
    [
      'OAuth on without flows',
      { ...OAUTH_CLIENT, AllowedOAuthFlows: [] },
      'InvalidOAuthFlowException',
      'AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.',
    ],
    [
      'a flow Cognito does not have',
      { ...OAUTH_CLIENT, AllowedOAuthFlows: ['token'] },
      'InvalidParameterException',
      expect.stringContaining('[implicit, client_credentials, code]'),
    ],
    [
      'a scope that does not exist',
      { ...OAUTH_CLIENT, AllowedOAuthScopes: ['openid', 'Cognito'] },
      'ScopeDoesNotExistException',
      'Invalid scope requested: Cognito',
    ],
    [
      'a 2-minute access token',
      { AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'minutes' } },
      'InvalidParameterException',
      'Invalid range for token validity.',
    ],
    [
      'an 11-year refresh token',
      { RefreshTokenValidity: 4015 },
      'InvalidParameterException',
      'Invalid range for token validity.',
    ],
    [
      'auth flows without refresh',
      { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
      'InvalidParameterException',
      'REFRESH_TOKEN_AUTH should always be allowed.',
    ],
    [
      'an attribute the pool does not have',
      { ReadAttributes: ['email', 'shoe_size'] },
      'InvalidParameterException',
      'Invalid read attributes specified while creating a client',
    ],
  ] as Array<[string, object, string, unknown]>)('refuses %s', async (_case, settings, name, message) => {
    const attempt = sdk.send(
      new CreateUserPoolClientCommand({ ...pool(), ClientName: 'bad', ...(settings as object) }),
    );
    await expect(attempt).rejects.toMatchObject({ name, message });
  });
});

describe('UpdateUserPoolClient', () => {
  test('replaces every field: what the update leaves out goes back to its default; id, secret and creation stay', async () => {
    const { UserPoolClient: made } = await sdk.send(
      new CreateUserPoolClientCommand({
        ...pool(),
        ...OAUTH_CLIENT,
        ClientName: 'replaced-client',
        GenerateSecret: true,
        ReadAttributes: ['email'],
        AccessTokenValidity: 5,
        RefreshTokenValidity: 3650,
        TokenValidityUnits: { AccessToken: 'hours', RefreshToken: 'days' },
      }),
    );
    const { UserPoolClient: updated } = await sdk.send(
      new UpdateUserPoolClientCommand({ ...pool(), ClientId: made?.ClientId, LogoutURLs: undefined }),
    );
    expect(updated).toMatchObject({
      ClientId: made?.ClientId,
      ClientSecret: made?.ClientSecret,
      ClientName: 'replaced-client',
      CreationDate: made?.CreationDate,
      AllowedOAuthFlowsUserPoolClient: false,
      RefreshTokenValidity: 30,
    });
    for (const reset of [
      'CallbackURLs',
      'AllowedOAuthFlows',
      'AllowedOAuthScopes',
      'ReadAttributes',
      'AccessTokenValidity',
      'TokenValidityUnits',
    ]) {
      expect(updated).not.toHaveProperty(reset);
    }
  });

  test('the seeded client, updated, stays the one the service reports, also after a restart', async () => {
    const before = service.clientId;
    await sdk.send(
      new UpdateUserPoolClientCommand({
        ...pool(),
        ClientId: before,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    await service.close();
    service = await startService({ dataDir });
    sdk.destroy();
    sdk = cognitoClient(service);
    expect(service.clientId).toBe(before);
  });

  test('an unknown client is ResourceNotFoundException', async () => {
    await expect(
      sdk.send(new UpdateUserPoolClientCommand({ ...pool(), ClientId: 'nosuchclient' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient does not exist.',
    });
  });
});

describe('DeleteUserPoolClient', () => {
  test('removes the client, and the tokens it issued stop working', async () => {
    const { UserPoolClient: made } = await sdk.send(
      new CreateUserPoolClientCommand({
        ...pool(),
        ClientName: 'short-lived',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = made?.ClientId as string;
    // A client without a secret takes no SECRET_HASH into account.
    const { accessToken } = await signIn(sdk, { ...service, clientId, clientSecret: '' }, ALICE);
    await sdk.send(new DeleteUserPoolClientCommand({ ...pool(), ClientId: clientId }));
    await expect(sdk.send(new DescribeUserPoolClientCommand({ ...pool(), ClientId: clientId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(sdk.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});

describe('the user pool domain', () => {
  test('DescribeUserPoolDomain describes the local domain, served at this service; an unknown one is empty', async () => {
    const { DomainDescription } = await sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'profile-keeper-local' }));
    expect(DomainDescription).toMatchObject({
      UserPoolId: service.userPoolId,
      Domain: 'profile-keeper-local',
      Status: 'ACTIVE',
      ManagedLoginVersion: 1,
      CloudFrontDistribution: new URL(service.url).host,
    });
    expect(
      (await sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'nobody-has-this' }))).DomainDescription,
    ).toEqual({});
  });

  test('without a domain there is no Hosted UI; CreateUserPoolDomain brings it back; a second domain is refused', async () => {
    const authorize = () =>
      fetch(`${service.url}/oauth2/authorize?client_id=${service.clientId}`, { redirect: 'manual' });
    await sdk.send(new DeleteUserPoolDomainCommand({ ...pool(), Domain: 'profile-keeper-local' }));
    expect((await authorize()).status).toBe(404);
    expect((await sdk.send(new DescribeUserPoolCommand(pool()))).UserPool?.Domain).toBeUndefined();
    const created = await sdk.send(
      new CreateUserPoolDomainCommand({ ...pool(), Domain: 'team-pool', ManagedLoginVersion: 2 }),
    );
    expect(created).toMatchObject({ ManagedLoginVersion: 2, CloudFrontDomain: new URL(service.url).host });
    expect((await authorize()).status).not.toBe(404);
    await expect(sdk.send(new CreateUserPoolDomainCommand({ ...pool(), Domain: 'another' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'User pool already has a domain configured.',
    });
    expect((await sdk.send(new DescribeUserPoolCommand(pool()))).UserPool?.Domain).toBe('team-pool');
  });
});
