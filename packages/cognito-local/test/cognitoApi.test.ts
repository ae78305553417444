import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { RunningIdentityService } from '../src';
import {
  ALICE,
  basicAuth,
  BOB,
  cognitoClient,
  errorNameOf,
  postForm,
  secretHash,
  signIn,
  startService,
} from './clients';

let service: RunningIdentityService;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  service = await startService();
  client = cognitoClient(service);
});

afterAll(async () => {
  client.destroy();
  await service.close();
});

const getUser = (accessToken: string) => client.send(new GetUserCommand({ AccessToken: accessToken }));
const pool = () => ({ UserPoolId: service.userPoolId });

/** Both ways a client refreshes: InitiateAuth REFRESH_TOKEN_AUTH, and the Hosted UI's token endpoint. */
async function refreshBothWays(refreshToken: string, username: string) {
  const bySdk = await client
    .send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: service.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: secretHash(service, username) },
      }),
    )
    .then(
      () => 'ok',
      (error: Error) => `${error.name}: ${error.message}`,
    );
  const byTokenEndpoint = await postForm(
    `${service.url}/oauth2/token`,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    { authorization: basicAuth(service.clientId, service.clientSecret) },
  );
  return { bySdk, byTokenEndpoint: `${byTokenEndpoint.status} ${byTokenEndpoint.body?.error ?? 'ok'}` };
}

async function createConfirmedUser(username: string, password = 'Carol-Demo-1!') {
  await client.send(
    new AdminCreateUserCommand({
      ...pool(),
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'name', Value: 'Test User' },
      ],
    }),
  );
  await client.send(
    new AdminSetUserPasswordCommand({ ...pool(), Username: username, Password: password, Permanent: true }),
  );
  return { username, password };
}

describe('signing in with USER_PASSWORD_AUTH', () => {
  test('a demo user signs in and GetUser returns their username, sub, email and name', async () => {
    const { accessToken } = await signIn(client, service, ALICE);
    const user = await getUser(accessToken);
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(user.Username).toBe('alice');
    expect(attributes).toMatchObject({ email: ALICE.email, name: ALICE.name, email_verified: 'true' });
    expect(attributes.sub).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a wrong password is NotAuthorizedException "Incorrect username or password."', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: service.clientId,
        AuthParameters: { USERNAME: 'alice', PASSWORD: 'wrong', SECRET_HASH: secretHash(service, 'alice') },
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  test('an unknown user reads exactly like a wrong password (no user-existence leak)', async () => {
    const attempt = signIn(client, service, { username: 'mallory', password: 'Whatever-1!' });
    await expect(attempt).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  test('a client with a secret must send SECRET_HASH, and the right one', async () => {
    const withHash = (hash?: string) =>
      client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: service.clientId,
          AuthParameters: { USERNAME: 'alice', PASSWORD: ALICE.password, ...(hash ? { SECRET_HASH: hash } : {}) },
        }),
      );
    await expect(withHash()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('SECRET_HASH was not received'),
    });
    await expect(withHash(secretHash(service, 'bob'))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('Unable to verify secret hash'),
    });
  });

  test('an unknown app client is ResourceNotFoundException', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'nosuchclient',
        AuthParameters: { USERNAME: 'a', PASSWORD: 'b' },
      }),
    );
    expect(await errorNameOf(attempt)).toBe('ResourceNotFoundException');
  });
});

describe('refreshing with REFRESH_TOKEN_AUTH', () => {
  test('returns a new working access token and no new refresh token (Cognito does not rotate them)', async () => {
    const { refreshToken, accessToken } = await signIn(client, service, BOB);
    const refresh = () =>
      client.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: service.clientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: secretHash(service, 'bob') },
        }),
      );
    const first = await refresh();
    expect(first.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(first.AuthenticationResult?.AccessToken).not.toBe(accessToken);
    expect((await getUser(first.AuthenticationResult?.AccessToken as string)).Username).toBe('bob');
    expect((await refresh()).AuthenticationResult?.AccessToken).toBeDefined();
  });

  test('an unknown refresh token is NotAuthorizedException', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: service.clientId,
        AuthParameters: { REFRESH_TOKEN: 'not-a-token', SECRET_HASH: secretHash(service, 'bob') },
      }),
    );
    expect(await errorNameOf(attempt)).toBe('NotAuthorizedException');
  });
});

describe('GetUser refuses every token Cognito would refuse', () => {
  test('a garbage token is NotAuthorizedException "Invalid Access Token"', async () => {
    await expect(getUser('not-a-jwt')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  test('a token whose payload was altered (signature no longer matches) is NotAuthorizedException', async () => {
    const { accessToken } = await signIn(client, service, ALICE);
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, username: 'bob' })).toString('base64url');
    await expect(getUser(`${header}.${forged}.${signature}`)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  test('an unsigned token (alg "none") is NotAuthorizedException', async () => {
    const { accessToken } = await signIn(client, service, ALICE);
    const payload = accessToken.split('.')[1];
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await errorNameOf(getUser(`${header}.${payload}.`))).toBe('NotAuthorizedException');
  });

  test('an ID token is not an access token', async () => {
    const { idToken } = await signIn(client, service, ALICE);
    await expect(getUser(idToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  test('GlobalSignOut revokes the access token and the refresh token', async () => {
    const { accessToken, refreshToken } = await signIn(client, service, BOB);
    const other = await signIn(client, service, BOB);
    await client.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    await expect(getUser(accessToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    await expect(getUser(other.accessToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const refresh = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: service.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: secretHash(service, 'bob') },
      }),
    );
    expect(await errorNameOf(refresh)).toBe('NotAuthorizedException');
    // Signing in again works: sign-out ends sessions, not the account.
    expect((await getUser((await signIn(client, service, BOB)).accessToken)).Username).toBe('bob');
  });

  test("AdminUserGlobalSignOut revokes a user's tokens without their token", async () => {
    const user = await createConfirmedUser('gina');
    const { accessToken, refreshToken } = await signIn(client, service, user);
    expect(await refreshBothWays(refreshToken, 'gina')).toEqual({ bySdk: 'ok', byTokenEndpoint: '200 ok' });
    await client.send(new AdminUserGlobalSignOutCommand({ ...pool(), Username: 'gina' }));
    await expect(getUser(accessToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    expect(await refreshBothWays(refreshToken, 'gina')).toEqual({
      bySdk: 'NotAuthorizedException: Refresh Token has been revoked',
      byTokenEndpoint: '400 invalid_grant',
    });
  });

  test('after GlobalSignOut the refresh token fails at the token endpoint too', async () => {
    const user = await createConfirmedUser('hal');
    const { accessToken, refreshToken } = await signIn(client, service, user);
    await client.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    expect(await refreshBothWays(refreshToken, 'hal')).toEqual({
      bySdk: 'NotAuthorizedException: Refresh Token has been revoked',
      byTokenEndpoint: '400 invalid_grant',
    });
  });

  test("a disabled user's token is NotAuthorizedException, and they cannot sign in until enabled", async () => {
    const user = await createConfirmedUser('dora');
    const { accessToken, refreshToken } = await signIn(client, service, user);
    await client.send(new AdminDisableUserCommand({ ...pool(), Username: 'dora' }));
    await expect(getUser(accessToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    expect(await refreshBothWays(refreshToken, 'dora')).toEqual({
      bySdk: 'NotAuthorizedException: User is disabled.',
      byTokenEndpoint: '400 invalid_grant',
    });
    await expect(signIn(client, service, user)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    await client.send(new AdminEnableUserCommand({ ...pool(), Username: 'dora' }));
    expect((await getUser((await signIn(client, service, user)).accessToken)).Username).toBe('dora');
  });

  test("a deleted user's token is UserNotFoundException, and their refresh token is refused", async () => {
    const user = await createConfirmedUser('ed');
    const { accessToken, refreshToken } = await signIn(client, service, user);
    await client.send(new AdminDeleteUserCommand({ ...pool(), Username: 'ed' }));
    await expect(getUser(accessToken)).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect(await refreshBothWays(refreshToken, 'ed')).toEqual({
      bySdk: 'NotAuthorizedException: Refresh Token has been revoked',
      byTokenEndpoint: '400 invalid_grant',
    });
    // A new user by the same name is someone else: the old token does not become theirs.
    await createConfirmedUser('ed');
    expect(await errorNameOf(getUser(accessToken))).toBe('UserNotFoundException');
    expect((await refreshBothWays(refreshToken, 'ed')).bySdk).toMatch(/^NotAuthorizedException/);
  });
});

describe('admin operations', () => {
  test('AdminCreateUser + AdminSetUserPassword(Permanent) make a user who can sign in', async () => {
    const user = await createConfirmedUser('carol');
    const details = await client.send(new AdminGetUserCommand({ ...pool(), Username: 'carol' }));
    expect(details).toMatchObject({ Username: 'carol', Enabled: true, UserStatus: 'CONFIRMED' });
    expect(details.UserCreateDate).toBeInstanceOf(Date);
    expect((await getUser((await signIn(client, service, user)).accessToken)).Username).toBe('carol');
  });

  test('a user with only a temporary password must answer NEW_PASSWORD_REQUIRED first', async () => {
    await client.send(
      new AdminCreateUserCommand({
        ...pool(),
        Username: 'fred',
        TemporaryPassword: 'Temp-Pass-1!',
        MessageAction: 'SUPPRESS',
      }),
    );
    const started = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: service.clientId,
        AuthParameters: { USERNAME: 'fred', PASSWORD: 'Temp-Pass-1!', SECRET_HASH: secretHash(service, 'fred') },
      }),
    );
    expect(started.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const answered = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: service.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: {
          USERNAME: 'fred',
          NEW_PASSWORD: 'Fred-Final-1!',
          SECRET_HASH: secretHash(service, 'fred'),
        },
      }),
    );
    expect((await getUser(answered.AuthenticationResult?.AccessToken as string)).Username).toBe('fred');
  });

  test("duplicates, weak passwords, unknown users and unknown pools get Cognito's errors", async () => {
    expect(await errorNameOf(client.send(new AdminCreateUserCommand({ ...pool(), Username: 'alice' })))).toBe(
      'UsernameExistsException',
    );
    expect(
      await errorNameOf(
        client.send(
          new AdminSetUserPasswordCommand({ ...pool(), Username: 'bob', Password: 'short', Permanent: true }),
        ),
      ),
    ).toBe('InvalidPasswordException');
    await expect(client.send(new AdminGetUserCommand({ ...pool(), Username: 'nobody' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect(
      await errorNameOf(client.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Other', Username: 'alice' }))),
    ).toBe('ResourceNotFoundException');
  });
});

describe('the wire format', () => {
  test('an unknown X-Amz-Target is HTTP 400 UnknownOperationException naming the target', async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeNothing',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException:');
    const body = await response.json();
    expect(body.__type).toBe('UnknownOperationException');
    expect(body.message).toContain('DescribeNothing');
  });

  test('errors carry the name in __type and x-amzn-ErrorType, as Cognito sends them', async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
      },
      body: JSON.stringify({ AccessToken: 'garbage' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException:');
    expect(await response.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  test('a body that is not JSON is SerializationException', async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).__type).toBe('SerializationException');
  });
});
