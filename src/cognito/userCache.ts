import { createHash } from 'node:crypto';
import { CognitoUser } from './cognitoUserClient';

/**
 * Users already loaded by this warm container, keyed by a SHA-256 of the access token (the token
 * itself is a credential and is not kept), valid until the token expires. Bounded: the oldest
 * entry goes first, so a flood of distinct tokens cannot grow memory without limit.
 */
export class UserCache {
  private readonly entries = new Map<string, { user: CognitoUser; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  static keyFor(accessToken: string): string {
    return createHash('sha256').update(accessToken).digest('base64url');
  }

  get(accessToken: string): CognitoUser | undefined {
    const key = UserCache.keyFor(accessToken);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.user;
  }

  set(accessToken: string, user: CognitoUser, expiresAtMs: number): void {
    const key = UserCache.keyFor(accessToken);
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { user, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
