import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningIdentityService, startIdentityService } from '../identity/src';

/** The users every figure is measured with (identity/seed.json). */
export const ALICE = { username: 'alice', password: 'Alice-Demo-1!', name: 'Alice Smith' };
export const BOB = { username: 'bob', password: 'Bob-Demo-1!', name: 'Bob Jones' };

/** The local identity service on an ephemeral port, with a data folder of its own. */
export function startBenchIdentity(): Promise<RunningIdentityService> {
  return startIdentityService({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'bench-identity-')), logLevel: 'error' });
}

/** An access token as Alexa gets one after linking: InitiateAuth (USER_PASSWORD_AUTH, with SECRET_HASH). */
export async function signIn(
  identity: RunningIdentityService,
  user: { username: string; password: string },
): Promise<string> {
  const client = new CognitoIdentityProviderClient({
    region: identity.region,
    endpoint: identity.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const secretHash = createHmac('sha256', identity.clientSecret)
      .update(user.username + identity.clientId)
      .digest('base64');
    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: identity.clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password, SECRET_HASH: secretHash },
      }),
    );
    const token = result.AuthenticationResult?.AccessToken;
    if (!token) throw new Error('the identity service returned no access token');
    return token;
  } finally {
    client.destroy();
  }
}
