import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALICE, cognitoClient, hostedUiSignIn, newDataDir, secretHash, signIn, startService } from './clients';

describe('data survives a restart', () => {
  test('users, refresh tokens and the signing key are kept; the seed is not applied twice', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    const client = cognitoClient(first);
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: first.userPoolId,
        Username: 'carol',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: first.userPoolId,
        Username: 'carol',
        Password: 'Carol-Demo-1!',
        Permanent: true,
      }),
    );
    const tokens = await signIn(client, first, { username: 'carol', password: 'Carol-Demo-1!' });
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: first.userPoolId,
        Username: 'alice',
        Password: 'Alice-Changed-2!',
        Permanent: true,
      }),
    );
    client.destroy();
    await first.close();

    const second = await startService({ dataDir });
    const again = cognitoClient(second);
    try {
      // An access token issued before the restart still verifies: same persisted key.
      expect((await again.send(new GetUserCommand({ AccessToken: tokens.accessToken }))).Username).toBe('carol');
      const refreshed = await again.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: second.clientId,
          AuthParameters: { REFRESH_TOKEN: tokens.refreshToken, SECRET_HASH: secretHash(second, 'carol') },
        }),
      );
      expect(
        (await again.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken }))).Username,
      ).toBe('carol');
      expect((await signIn(again, second, { username: 'carol', password: 'Carol-Demo-1!' })).accessToken).toBeDefined();
      // Re-seeding would have restored the demo password.
      expect(
        (await signIn(again, second, { username: 'alice', password: 'Alice-Changed-2!' })).accessToken,
      ).toBeDefined();
      await expect(signIn(again, second, ALICE)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    } finally {
      again.destroy();
      await second.close();
    }
  });

  test('the data folder holds password hashes and refresh-token hashes, never the secrets themselves', async () => {
    const dataDir = newDataDir();
    const service = await startService({ dataDir });
    const client = cognitoClient(service);
    const { refreshToken } = await signIn(client, service, ALICE);
    await hostedUiSignIn(service, ALICE);
    client.destroy();
    await service.close();
    expect(readdirSync(dataDir).sort()).toEqual(['pool.json', 'signing-key.json']);
    const pool = readFileSync(join(dataDir, 'pool.json'), 'utf8');
    expect(pool).not.toContain(ALICE.password);
    expect(pool).not.toContain(refreshToken);
    expect(pool).toMatch(/"passwordHash": "scrypt\$/);
  });
});

describe('logs', () => {
  test('one line per request, with route, operation, status and time, and nothing secret', async () => {
    const lines: string[] = [];
    const collect = (message: string, fields?: Record<string, unknown>) =>
      lines.push(JSON.stringify({ message, ...fields }));
    const logger = { debug: collect, info: collect, warn: collect, error: collect };
    const service = await startService({ logger });
    const client = cognitoClient(service);
    try {
      const tokens = await signIn(client, service, ALICE);
      await client.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
      const back = await hostedUiSignIn(service, ALICE, { state: 'secret-state-value' });
      const code = back.searchParams.get('code') as string;
      await fetch(`${service.url}/oauth2/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic ' + Buffer.from(`${service.clientId}:${service.clientSecret}`).toString('base64'),
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'http://localhost:3001/callback',
        }),
      });
      await new Promise((resolve) => setImmediate(resolve));
      const getUserLine = lines.map((line) => JSON.parse(line)).find((entry) => entry.op === 'GetUser');
      expect(getUserLine).toMatchObject({ route: 'POST /', status: 200, ms: expect.any(Number) });
      const all = lines.join('\n');
      for (const secret of [
        ALICE.password,
        ALICE.email,
        tokens.accessToken,
        tokens.refreshToken,
        tokens.idToken,
        code,
        'secret-state-value',
        service.clientSecret,
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      client.destroy();
      await service.close();
    }
  });

  test("a request's own text (path, operation name) never reaches the log; only known route and operation names", async () => {
    const entries: Array<Record<string, unknown>> = [];
    const collect = (message: string, fields?: Record<string, unknown>) => entries.push({ message, ...fields });
    const logger = { debug: collect, info: collect, warn: collect, error: collect };
    const service = await startService({ logger });
    try {
      await fetch(`${service.url}/private-path-text-4711?q=private-query-text`);
      await fetch(service.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.PrivateTargetText' },
        body: '{}',
      });
      await fetch(`${service.url}/oauth2/token`, { method: 'PATCH' });
      await new Promise((resolve) => setImmediate(resolve));
      const all = JSON.stringify(entries);
      for (const text of ['private-path-text-4711', 'private-query-text', 'PrivateTargetText', 'PATCH'])
        expect(all).not.toContain(text);
      expect(entries).toEqual([
        expect.objectContaining({ route: 'unknown', status: 404 }),
        expect.objectContaining({ route: 'POST /', op: 'unknown', status: 400 }),
        expect.objectContaining({ route: 'unknown', status: 404 }),
      ]);
    } finally {
      await service.close();
    }
  });
});
