import { createHash } from 'node:crypto';
import { CognitoUser } from './cognitoUserClient';

export interface CachedUser {
  user: CognitoUser;
  /** When Cognito last vouched for this user (GetUser, or the verified token's own claims). */
  fetchedAtMs: number;
  /** The token's expiry: the entry goes then. */
  expiresAtMs: number;
}

/**
 * Users this warm container got from Cognito, keyed by a SHA-256 of the access token (the token
 * itself is a credential and is not kept), dropped when the token expires. Only users that came
 * from Cognito enter: a user carried in session attributes is the caller's word, not Cognito's.
 * Bounded: the oldest entry goes first, so a flood of distinct tokens cannot grow memory without limit.
 */
export class UserCache {
  private readonly entries = new Map<string, CachedUser>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  private static keyFor(accessToken: string): string {
    return createHash('sha256').update(accessToken).digest('base64url');
  }

  get(accessToken: string): CachedUser | undefined {
    const key = UserCache.keyFor(accessToken);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(accessToken: string, user: CognitoUser, expiresAtMs: number): void {
    const key = UserCache.keyFor(accessToken);
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { user, fetchedAtMs: this.now(), expiresAtMs });
  }

  delete(accessToken: string): void {
    this.entries.delete(UserCache.keyFor(accessToken));
  }

  get size(): number {
    return this.entries.size;
  }
}
