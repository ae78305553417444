/**
 * Tokens the way a Cognito client gets them without a browser: InitiateAuth USER_PASSWORD_AUTH with the
 * SECRET_HASH a confidential app client sends, through the real AWS SDK. For the benchmark and the tests
 * that need a linked user; the skill never signs anyone in.
 */
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { RunningIdentityService } from './index';
import { secretHashOf } from './passwords';

export async function signInWithPassword(
  target: Pick<RunningIdentityService, 'region' | 'url' | 'clientId' | 'clientSecret'>,
  { username, password }: { username: string; password: string },
): Promise<{ accessToken: string; refreshToken?: string; idToken?: string }> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const client = new CognitoIdentityProviderClient({ region: target.region, endpoint: target.url, credentials });
  const { clientId: ClientId, clientSecret } = target;
  const SECRET_HASH = secretHashOf(clientSecret, username, ClientId);
  const AuthParameters = { USERNAME: username, PASSWORD: password, SECRET_HASH };
  const command = new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters });
  try {
    const { AuthenticationResult: tokens } = await client.send(command);
    if (!tokens?.AccessToken) throw new Error('the identity service returned no access token');
    return { accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken, idToken: tokens.IdToken };
  } finally {
    client.destroy();
  }
}
