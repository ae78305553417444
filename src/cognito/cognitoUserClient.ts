import type { CognitoIdentityProviderClient } from './cognitoSdk';
import { Deadline, withinDeadline } from './deadline';
import { CognitoUnavailableError, RevokedAccessError } from './errors';

type Sdk = typeof import('./cognitoSdk');

/** What the skill knows about its user: the pool's standard attributes it asked for with the scopes. */
export interface CognitoUser {
  sub: string;
  username: string;
  email?: string;
  name?: string;
}

export interface CognitoUserClientSettings {
  region: string;
  /** Only for the local stand-in; AWS uses the SDK's regional endpoint. */
  apiEndpoint?: string;
}

/** Cognito error names that mean "this token no longer stands for a usable account". */
const ACCESS_REVOKED_ERRORS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
]);

/**
 * The skill's only conversation with Cognito: GetUser with the user's own access token.
 * GetUser is authorised by that token alone (no AWS credentials, no admin rights needed), and
 * the SDK client is created once per container so its keep-alive connections are reused.
 * The SDK is loaded on the first GetUser, not at start: it is the largest part of the bundle, and
 * a cold start that serves an unlinked or already-cached user never needs it (docs/performance.md).
 */
export class CognitoUserClient {
  private sdk?: Promise<{ client: CognitoIdentityProviderClient; GetUserCommand: Sdk['GetUserCommand'] }>;

  constructor(private readonly settings: CognitoUserClientSettings) {}

  private loadSdk() {
    this.sdk ??= import('./cognitoSdk').then(({ CognitoIdentityProviderClient, GetUserCommand }) => ({
      GetUserCommand,
      client: new CognitoIdentityProviderClient({
        region: this.settings.region,
        endpoint: this.settings.apiEndpoint,
        // Retries (with backoff) happen inside the caller's deadline: the abort signal ends them.
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
      }),
    }));
    return this.sdk;
  }

  async getUser(accessToken: string, deadline: Deadline): Promise<CognitoUser> {
    try {
      const { client, GetUserCommand } = await this.loadSdk();
      // The abort signal does not cut short the SDK's retry back-off or a wait for a free socket;
      // withinDeadline makes the budget a hard limit (seen at 100 concurrent turns, refused port).
      const result = await withinDeadline(
        deadline,
        client.send(new GetUserCommand({ AccessToken: accessToken }), { abortSignal: deadline.signal() }),
      );
      const attributes = new Map((result.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      return {
        sub: attributes.get('sub') ?? '',
        username: result.Username ?? '',
        email: attributes.get('email'),
        name: attributes.get('name'),
      };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (ACCESS_REVOKED_ERRORS.has(name)) {
        throw new RevokedAccessError(`Cognito refused the token: ${name}`, { cause: error });
      }
      throw new CognitoUnavailableError(`GetUser failed: ${name || 'unknown error'}`, { cause: error });
    }
  }

  destroy(): void {
    void this.sdk?.then(({ client }) => client.destroy());
  }
}
