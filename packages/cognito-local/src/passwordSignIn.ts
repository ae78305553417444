import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { secretHashOf } from './passwords';

/** Where a client signs in: the service and its app client (as startIdentityService reports them). */
export interface SignInTarget {
  region: string;
  url: string;
  clientId: string;
  clientSecret: string;
}

export interface SignedInTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
}

/**
 * Tokens the way a Cognito client gets them without a browser: InitiateAuth USER_PASSWORD_AUTH with
 * the SECRET_HASH a confidential app client sends, through the real AWS SDK. For the benchmark and
 * the tests that need a linked user; the skill never signs anyone in.
 */
export async function signInWithPassword(
  target: SignInTarget,
  user: { username: string; password: string },
): Promise<SignedInTokens> {
  const client = new CognitoIdentityProviderClient({
    region: target.region,
    endpoint: target.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const secretHash = secretHashOf(target.clientSecret, user.username, target.clientId);
    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: target.clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password, SECRET_HASH: secretHash },
      }),
    );
    const tokens = result.AuthenticationResult;
    if (!tokens?.AccessToken) throw new Error('the identity service returned no access token');
    return { accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken, idToken: tokens.IdToken };
  } finally {
    client.destroy();
  }
}
