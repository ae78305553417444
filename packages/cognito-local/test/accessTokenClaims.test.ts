import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, jest, describe, expect, test } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { decodeJwt } from 'jose';
import { RunningIdentityService } from '../src';
import {
  ALICE,
  basicAuth,
  cognitoClient,
  hostedUiSignIn,
  newDataDir,
  postForm,
  secretHash,
  signIn,
  SIMULATOR_CALLBACK,
  startService,
  verifierFor,
} from './clients';

// The command bundles its sources first when they changed: a cold start takes seconds.
jest.setTimeout(30_000);

/**
 * Opt-in access-token claims, as a Cognito pool with a pre token generation Lambda (event version 2)
 * that returns claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride.
 */
const COGNITO_ACCESS_CLAIMS = [
  'auth_time',
  'client_id',
  'event_id',
  'exp',
  'iat',
  'iss',
  'jti',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
];

async function everyAccessToken(service: RunningIdentityService): Promise<Record<string, string>> {
  const client = cognitoClient(service);
  try {
    const signedIn = await signIn(client, service, ALICE);
    const refreshed = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: service.clientId,
        AuthParameters: { REFRESH_TOKEN: signedIn.refreshToken, SECRET_HASH: secretHash(service, 'alice') },
      }),
    );
    const code = (await hostedUiSignIn(service, ALICE)).searchParams.get('code') as string;
    const auth = { authorization: basicAuth(service.clientId, service.clientSecret) };
    const exchanged = await postForm(
      `${service.url}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: SIMULATOR_CALLBACK },
      auth,
    );
    const codeRefreshed = await postForm(
      `${service.url}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token },
      auth,
    );
    return {
      'InitiateAuth USER_PASSWORD_AUTH': signedIn.accessToken,
      'InitiateAuth REFRESH_TOKEN_AUTH': refreshed.AuthenticationResult?.AccessToken as string,
      'Hosted UI code grant': exchanged.body.access_token,
      'refresh grant at /oauth2/token': codeRefreshed.body.access_token,
    };
  } finally {
    client.destroy();
  }
}

describe('by default (no claims setting)', () => {
  let service: RunningIdentityService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.close());

  test("every access token carries exactly Cognito's claims, version 2, and no email or name", async () => {
    for (const [how, token] of Object.entries(await everyAccessToken(service))) {
      const claims = decodeJwt(token);
      expect([how, Object.keys(claims).sort()]).toEqual([how, COGNITO_ACCESS_CLAIMS]);
      expect(claims.version).toBe(2);
    }
  });
});

describe('with accessTokenClaims (default claim names)', () => {
  let service: RunningIdentityService;
  beforeAll(async () => {
    service = await startService({ accessTokenClaims: {} });
  });
  afterAll(() => service.close());

  test('every access token carries email and name besides the Cognito claims, and still verifies', async () => {
    const verifier = await verifierFor(service, 'access');
    for (const [how, token] of Object.entries(await everyAccessToken(service))) {
      const claims = await verifier.verify(token);
      expect([how, Object.keys(claims).sort()]).toEqual([how, [...COGNITO_ACCESS_CLAIMS, 'email', 'name'].sort()]);
      expect(claims).toMatchObject({ email: ALICE.email, name: ALICE.name, token_use: 'access', username: 'alice' });
    }
  });

  test('a user without a name gets no name claim; GetUser still answers for the token', async () => {
    const client = cognitoClient(service);
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: service.userPoolId,
          Username: 'nameless',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: 'nameless@example.com' }],
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: service.userPoolId,
          Username: 'nameless',
          Password: 'Nameless-1!',
          Permanent: true,
        }),
      );
      const { accessToken } = await signIn(client, service, { username: 'nameless', password: 'Nameless-1!' });
      const claims = decodeJwt(accessToken);
      expect(claims.email).toBe('nameless@example.com');
      expect(claims).not.toHaveProperty('name');
      expect((await client.send(new GetUserCommand({ AccessToken: accessToken }))).Username).toBe('nameless');
    } finally {
      client.destroy();
    }
  });
});

describe('with custom claim names', () => {
  test('the attributes appear under the configured names only', async () => {
    const service = await startService({
      accessTokenClaims: { email: 'https://profile-keeper.example/email', name: 'display_name' },
    });
    try {
      const claims = decodeJwt((await everyAccessToken(service))['Hosted UI code grant']);
      expect(claims).toMatchObject({ 'https://profile-keeper.example/email': ALICE.email, display_name: ALICE.name });
      expect(claims).not.toHaveProperty('email');
      expect(claims).not.toHaveProperty('name');
    } finally {
      await service.close();
    }
  });

  test('a claim Cognito does not let the trigger override is refused at start, by name', async () => {
    await expect(startService({ accessTokenClaims: { email: 'sub' } })).rejects.toThrow(/"sub"/);
    await expect(startService({ accessTokenClaims: { name: 'token_use' } })).rejects.toThrow(/"token_use"/);
    await expect(startService({ accessTokenClaims: { name: '' } })).rejects.toThrow(/claim name/);
  });
});

describe('npm run identity --access-token-claims', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  test('starts with custom claim names, says so, and issues tokens carrying them', async () => {
    const launch = join(__dirname, '../bin/cognito-local.js');
    child = spawn(
      'node',
      [launch, '--port', '0', '--data-dir', newDataDir(), '--access-token-claims', 'mail,full_name'],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        lines.push(line);
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match) setTimeout(() => resolve(match[1]), 50);
      });
      child?.once('exit', (code) => reject(new Error(`exited with ${code}: ${lines.join('\n')}`)));
    });
    expect(lines.join('\n')).toContain('access tokens also carry email as "mail" and name as "full_name"');

    const client = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      const clientId = 'localskillclient0000000001';
      const described = await client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: 'us-east-1_LocalPool', ClientId: clientId }),
      );
      const secret = described.UserPoolClient?.ClientSecret as string;
      const signedIn = await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: {
            USERNAME: 'alice',
            PASSWORD: ALICE.password,
            SECRET_HASH: createHmac('sha256', secret).update(`alice${clientId}`).digest('base64'),
          },
        }),
      );
      expect(decodeJwt(signedIn.AuthenticationResult?.AccessToken as string)).toMatchObject({
        mail: ALICE.email,
        full_name: ALICE.name,
      });
    } finally {
      client.destroy();
    }
  });
});
