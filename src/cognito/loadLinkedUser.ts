import { AccessTokenVerifier } from './accessTokenVerifier';
import { CognitoUser, CognitoUserClient } from './cognitoUserClient';
import { Deadline } from './deadline';
import { CognitoUserError, LinkState } from './errors';
import { UserCache } from './userCache';

export type LinkResult =
  | { state: 'linked'; user: CognitoUser; source: 'session' | 'cache' | 'cognito' }
  | { state: Exclude<LinkState, 'linked'>; reason: string };

export interface LinkedUserLoaderDeps {
  verifier: AccessTokenVerifier;
  client: CognitoUserClient;
  cache: UserCache;
  timeBudgetMs: number;
}

/**
 * From an access token (or none) to a LinkResult, spending as little network as possible:
 * verify locally, then reuse the user from this session, then from this container's cache, and
 * only then ask Cognito — once per token.
 */
export class LinkedUserLoader {
  constructor(private readonly deps: LinkedUserLoaderDeps) {}

  async load(accessToken: string | undefined, sessionUser?: CognitoUser): Promise<LinkResult> {
    if (!accessToken) return { state: 'not-linked', reason: 'no-token' };
    // The cache holds only tokens this container has fully verified, keyed by a hash of their exact
    // bytes, and drops each at the token's expiry: checking the signature again would prove nothing
    // new, and it is the largest cost of a warm turn (see BENCHMARKS.md).
    const known = this.deps.cache.get(accessToken);
    if (known) return { state: 'linked', user: known, source: 'cache' };
    const deadline = new Deadline(this.deps.timeBudgetMs);
    try {
      const token = await this.deps.verifier.verify(accessToken, deadline);
      if (sessionUser && sessionUser.sub === token.sub) {
        // Another container loaded this user earlier in the session; remember the token here too.
        this.deps.cache.set(accessToken, sessionUser, token.expiresAt * 1000);
        return { state: 'linked', user: sessionUser, source: 'session' };
      }
      const user = await this.deps.client.getUser(accessToken, deadline);
      this.deps.cache.set(accessToken, user, token.expiresAt * 1000);
      return { state: 'linked', user, source: 'cognito' };
    } catch (error) {
      if (error instanceof CognitoUserError) {
        return { state: error.linkState, reason: error.name };
      }
      throw error;
    }
  }
}

export function createLinkedUserLoader(settings: {
  region: string;
  userPoolId: string;
  appClientId: string;
  apiEndpoint?: string;
  jwksUri?: string;
  timeBudgetMs: number;
  userCacheMaxEntries: number;
}): LinkedUserLoader {
  return new LinkedUserLoader({
    verifier: new AccessTokenVerifier(settings),
    client: new CognitoUserClient(settings),
    cache: new UserCache(settings.userCacheMaxEntries),
    timeBudgetMs: settings.timeBudgetMs,
  });
}
