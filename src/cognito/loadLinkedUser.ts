import { CognitoSettings, ProfileClaims } from '../config';
import { MetricsRecorder, NO_METRICS } from '../metrics';
import { CognitoUser, ProfileAttribute } from '../profileFields';
import { AccessTokenVerifier, VerifiedAccessToken } from './accessTokenVerifier';
import { CognitoUserClient } from './cognitoUserClient';
import { Deadline } from './deadline';
import { CognitoUnavailableError, CognitoUserError, LinkState, RevokedAccessError } from './errors';
import { CachedUser, UserCache } from './userCache';

export type LinkResult =
  | { state: 'linked'; user: CognitoUser; source: 'session' | 'cache' | 'cognito' | 'token' }
  | { state: Exclude<LinkState, 'linked'>; reason: string };

/** What the request-start hook knows when it asks for the user. */
export interface LinkRequest {
  /** The access token Alexa sent (absent: the account is not linked). */
  accessToken?: string;
  /** A new Alexa session (or a skill event, which has none). */
  newSession: boolean;
  /** The user this session already knows (session attributes); trusted only for the same subject. */
  sessionUser?: CognitoUser;
}

/** The one seam between the skill and Cognito: createApp takes any function of this shape. */
export type LoadLinkedUser = (request: LinkRequest) => Promise<LinkResult>;

export interface LinkedUserLoaderDeps {
  verifier: Pick<AccessTokenVerifier, 'verify'>;
  client: Pick<CognitoUserClient, 'getUser'>;
  cache: UserCache;
  timeBudgetMs: number;
  /** A cached user older than this is checked with Cognito again when a new session starts. */
  recheckAfterMs: number;
  /** Token claims that carry the profile (Cognito's pre token generation trigger), if configured. */
  profileClaims?: ProfileClaims;
  metrics?: MetricsRecorder;
  now?: () => number;
}

/**
 * From an access token (or none) to a LinkResult, spending as little network as possible while
 * still noticing revocation:
 * - a turn inside a session reuses what this container already trusts, with no network at all;
 * - a new session gets the cached user only if Cognito vouched for it within `recheckAfterMs`,
 *   otherwise GetUser runs again, so sign-out, disabling and deletion take effect within that bound;
 * - a user carried in the session attributes serves that session only and never enters the cache.
 */
export class LinkedUserLoader {
  private readonly now: () => number;
  private readonly metrics: MetricsRecorder;

  constructor(private readonly deps: LinkedUserLoaderDeps) {
    this.now = deps.now ?? Date.now;
    this.metrics = deps.metrics ?? NO_METRICS;
  }

  async load(request: LinkRequest): Promise<LinkResult> {
    const { accessToken } = request;
    if (!accessToken) return { state: 'not-linked', reason: 'no-token' };
    // The cache holds only tokens this container has fully verified, keyed by a hash of their exact
    // bytes, until the token's expiry: checking the signature again would prove nothing new. A warm
    // turn ends here, before anything else is set up.
    const cached = this.deps.cache.get(accessToken);
    if (cached) {
      const fresh = this.now() - cached.fetchedAtMs < this.deps.recheckAfterMs;
      if (!request.newSession || fresh) {
        this.metrics.add('UserCacheHits');
        return { state: 'linked', user: cached.user, source: 'cache' };
      }
    }
    this.metrics.add('UserCacheMisses');
    const deadline = new Deadline(this.deps.timeBudgetMs);
    try {
      if (cached) return await this.recheck(accessToken, cached, deadline);
      const token = await this.deps.verifier.verify(accessToken, deadline);
      if (!request.newSession && request.sessionUser?.sub === token.sub) {
        return { state: 'linked', user: request.sessionUser, source: 'session' };
      }
      const fromClaims = this.userFromClaims(token);
      if (fromClaims) {
        this.deps.cache.set(accessToken, fromClaims, token.expiresAt * 1000);
        return { state: 'linked', user: fromClaims, source: 'token' };
      }
      const user = await this.deps.client.getUser(accessToken, deadline);
      this.deps.cache.set(accessToken, user, token.expiresAt * 1000);
      return { state: 'linked', user, source: 'cognito' };
    } catch (error) {
      this.noteBudget(deadline);
      if (error instanceof CognitoUserError) return { state: error.linkState, reason: error.name };
      throw error;
    }
  }

  /** A lookup that failed with its budget spent (the SDK's abort or our own timer, whichever came first). */
  private noteBudget(deadline: Deadline): void {
    if (deadline.remainingMs() === 0) this.metrics.add('TimeBudgetExceeded');
  }

  /**
   * GetUser for a cached token at the start of a new session. Revoked: forget it and ask to relink.
   * Cognito unreachable: keep serving the cached user (at most until the token expires), because
   * the token is still valid and an outage is not the user's fault.
   */
  private async recheck(accessToken: string, cached: CachedUser, deadline: Deadline): Promise<LinkResult> {
    try {
      const user = await this.deps.client.getUser(accessToken, deadline);
      this.deps.cache.set(accessToken, user, cached.expiresAtMs);
      return { state: 'linked', user, source: 'cognito' };
    } catch (error) {
      if (error instanceof RevokedAccessError) {
        this.deps.cache.delete(accessToken);
        return { state: error.linkState, reason: error.name };
      }
      if (error instanceof CognitoUnavailableError) {
        this.noteBudget(deadline);
        return { state: 'linked', user: cached.user, source: 'cache' };
      }
      throw error;
    }
  }

  /**
   * The user from the verified token's own claims, when the pool puts them there: every configured
   * claim must be present (a token issued before the trigger existed has none of them), and an empty
   * one means the user has not set that attribute.
   */
  private userFromClaims(token: VerifiedAccessToken): CognitoUser | undefined {
    const claims = this.deps.profileClaims;
    if (!claims) return undefined;
    const configured = Object.entries(claims) as [ProfileAttribute, string][];
    if (configured.some(([, claim]) => typeof token.claims[claim] !== 'string')) return undefined;
    const attributes = Object.fromEntries(
      configured.map(([attribute, claim]) => [attribute, token.claims[claim]]).filter(([, value]) => value !== ''),
    );
    return { sub: token.sub, username: token.username, attributes };
  }
}

/** The loader for a deployment's settings: verifier, SDK client and cache live as long as the container. */
export function createLinkedUserLoader(
  settings: CognitoSettings,
  metrics: MetricsRecorder = NO_METRICS,
): LoadLinkedUser {
  const loader = new LinkedUserLoader({
    verifier: new AccessTokenVerifier(settings),
    client: new CognitoUserClient(settings, metrics),
    cache: new UserCache(settings.userCacheMaxEntries),
    timeBudgetMs: settings.timeBudgetMs,
    recheckAfterMs: settings.recheckAfterMs,
    profileClaims: settings.profileClaims,
    metrics,
  });
  return (request) => loader.load(request);
}
