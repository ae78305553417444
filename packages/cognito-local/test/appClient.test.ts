import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningIdentityService } from '../src';
import {
  ALEXA_CALLBACK,
  ALICE,
  basicAuth,
  cognitoClient,
  errorNameOf,
  newDataDir,
  postForm,
  SIMULATOR_CALLBACK,
  startService,
} from './clients';

/**
 * The app client's secret is generated on first start (never shipped in the repository) and read the
 * way an operator reads it from Cognito: DescribeUserPoolClient, through the real AWS SDK.
 */
const COGNITO_SECRET_SHAPE = /^[a-z0-9]{51,52}$/;

let dataDir: string;
let service: RunningIdentityService;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  dataDir = newDataDir();
  service = await startService({ dataDir, callbackUrls: ['http://localhost:4444/callback'] });
  sdk = cognitoClient(service);
});
afterAll(async () => {
  sdk.destroy();
  await service.close();
});

const describeClient = (input: { UserPoolId?: string; ClientId?: string }) =>
  sdk.send(new DescribeUserPoolClientCommand(input as { UserPoolId: string; ClientId: string }));

describe('DescribeUserPoolClient', () => {
  test("answers with the app client in Cognito's shape, including its generated secret", async () => {
    const { UserPoolClient } = await describeClient({ UserPoolId: service.userPoolId, ClientId: service.clientId });
    expect(UserPoolClient).toEqual({
      UserPoolId: service.userPoolId,
      ClientId: service.clientId,
      ClientName: 'profile-keeper-skill',
      ClientSecret: expect.stringMatching(COGNITO_SECRET_SHAPE),
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 3650,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      // Registered URLs plus those this run allows (startIdentityService's callbackUrls).
      CallbackURLs: expect.arrayContaining([ALEXA_CALLBACK, SIMULATOR_CALLBACK, 'http://localhost:4444/callback']),
      LogoutURLs: ['http://localhost:3001/'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      AllowedOAuthFlowsUserPoolClient: true,
      ReadAttributes: ['email', 'email_verified', 'name', 'preferred_username', 'phone_number'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });
    expect(UserPoolClient?.ClientSecret).toBe(service.clientSecret);
  });

  test('the described secret is the one SECRET_HASH and the token endpoint accept', async () => {
    const { UserPoolClient } = await describeClient({ UserPoolId: service.userPoolId, ClientId: service.clientId });
    const secret = UserPoolClient?.ClientSecret as string;
    const signedIn = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: service.clientId,
        AuthParameters: {
          USERNAME: ALICE.username,
          PASSWORD: ALICE.password,
          SECRET_HASH: createHmac('sha256', secret)
            .update(ALICE.username + service.clientId)
            .digest('base64'),
        },
      }),
    );
    const refreshed = await postForm(
      `${service.url}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: signedIn.AuthenticationResult?.RefreshToken as string },
      { authorization: basicAuth(service.clientId, secret) },
    );
    expect(refreshed.status).toBe(200);
  });

  test('an unknown client or pool is ResourceNotFoundException, a missing ClientId InvalidParameterException', async () => {
    await expect(describeClient({ UserPoolId: service.userPoolId, ClientId: 'nosuchclient' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient does not exist.',
    });
    expect(await errorNameOf(describeClient({ UserPoolId: 'us-east-1_Other', ClientId: service.clientId }))).toBe(
      'ResourceNotFoundException',
    );
    expect(await errorNameOf(describeClient({ UserPoolId: service.userPoolId }))).toBe('InvalidParameterException');
  });
});

describe('the client secret', () => {
  test('is not in seed.json', () => {
    const seed = readFileSync(join(__dirname, '../seed.json'), 'utf8');
    expect(seed).not.toMatch(/clientSecret/i);
  });

  test('is kept across restarts, and another data folder gets another one', async () => {
    const secret = service.clientSecret;
    await service.close();
    sdk.destroy();
    service = await startService({ dataDir });
    sdk = cognitoClient(service);
    expect(service.clientSecret).toBe(secret);
    const other = await startService();
    try {
      expect(other.clientSecret).toMatch(COGNITO_SECRET_SHAPE);
      expect(other.clientSecret).not.toBe(secret);
    } finally {
      await other.close();
    }
  });
});
