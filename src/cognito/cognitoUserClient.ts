import type { CognitoIdentityProviderClient } from './cognitoSdk';
import { performance } from 'node:perf_hooks';
import { MetricsRecorder, NO_METRICS } from '../metrics';
import { CognitoUser, profileAttributesFrom } from '../profileFields';
import { Deadline, withinDeadline } from './deadline';
import { CognitoUnavailableError, RevokedAccessError } from './errors';

type Sdk = typeof import('./cognitoSdk');

export type { CognitoUser } from '../profileFields';

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

/** Cognito's answer when the pool's request rate quota for GetUser is spent. */
const THROTTLED = 'TooManyRequestsException';

/**
 * The skill's only conversation with Cognito: GetUser with the user's own access token.
 * GetUser is authorised by that token alone (no AWS credentials, no admin rights needed), and
 * the SDK client is created once per container so its keep-alive connections are reused.
 * The SDK is loaded on the first GetUser, not at start: it is the largest part of the bundle, and
 * a cold start that serves an unlinked or already-cached user never needs it (docs/performance.md).
 */
export class CognitoUserClient {
  private sdk?: Promise<{ client: CognitoIdentityProviderClient; GetUserCommand: Sdk['GetUserCommand'] }>;

  constructor(
    private readonly settings: CognitoUserClientSettings,
    private readonly metrics: MetricsRecorder = NO_METRICS,
  ) {}

  private loadSdk() {
    this.sdk ??= import('./cognitoSdk').then(({ CognitoIdentityProviderClient, GetUserCommand }) => {
      const client = new CognitoIdentityProviderClient({
        region: this.settings.region,
        endpoint: this.settings.apiEndpoint,
        // Retries (with backoff) happen inside the caller's deadline: the abort signal ends them.
        maxAttempts: 3,
        // A request past its timeout fails (the SDK retries it) instead of a console warning outside the skill's logger.
        requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
      });
      // Each attempt Cognito throttles counts, also one the SDK's retry then gets through: the
      // rate quota is what an alarm on GetUserThrottles is for. Inside the retry middleware
      // (finalizeRequest, low priority), so every attempt passes through here.
      client.middlewareStack.add(
        (next) => async (args) => {
          try {
            return await next(args);
          } catch (error) {
            if (error instanceof Error && error.name === THROTTLED) this.metrics.add('GetUserThrottles');
            throw error;
          }
        },
        { step: 'finalizeRequest', priority: 'low', name: 'countThrottledAttempts' },
      );
      return { GetUserCommand, client };
    });
    return this.sdk;
  }

  async getUser(accessToken: string, deadline: Deadline): Promise<CognitoUser> {
    this.metrics.add('GetUserCalls');
    const started = performance.now();
    try {
      const { client, GetUserCommand } = await this.loadSdk();
      // The abort signal does not cut short the SDK's retry back-off or a wait for a free socket;
      // withinDeadline makes the budget a hard limit (seen at 100 concurrent turns, refused port).
      const result = await withinDeadline(
        deadline,
        client.send(new GetUserCommand({ AccessToken: accessToken }), { abortSignal: deadline.signal() }),
      );
      return {
        sub: result.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? '',
        username: result.Username ?? '',
        attributes: profileAttributesFrom((result.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value])),
      };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (ACCESS_REVOKED_ERRORS.has(name)) {
        throw new RevokedAccessError(`Cognito refused the token: ${name}`, { cause: error });
      }
      if (name !== THROTTLED) this.metrics.add('GetUserErrors');
      throw new CognitoUnavailableError(`GetUser failed: ${name || 'unknown error'}`, { cause: error });
    } finally {
      this.metrics.add('GetUserLatency', performance.now() - started);
    }
  }

  destroy(): void {
    void this.sdk?.then(({ client }) => client.destroy());
  }
}
