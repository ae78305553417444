/**
 * Cognito's lockout after failed password sign-ins (InitiateAuth and the Hosted UI alike), as documented:
 * after 5 failures "Amazon Cognito locks out your user for 2^(n-5) seconds" (n failures, not counting the
 * "Password attempts exceeded" refusals during a lockout), at most about 15 minutes; a success after the
 * lockout, or 15 minutes without attempts, starts over. Kept in memory, as authorization codes are.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior
 */
import { MESSAGES, NotAuthorizedException } from './errors';

const FREE_FAILURES = 5;
const MAX_LOCKOUT_MS = 15 * 60 * 1000;
const QUIET_RESET_MS = 15 * 60 * 1000;
/** Unknown usernames are tracked too (they must read like known ones); the oldest are forgotten past this. */
const MAX_TRACKED = 10_000;

type Attempts = { failures: number; lockedUntil: number; lastAttempt: number };

export class SignInLockout {
  private readonly attempts = new Map<string, Attempts>();

  constructor(private readonly now: () => number) {}

  /** Before the password is checked: refuses the attempt while the user is locked out. */
  check(who: string): void {
    const key = who.toLowerCase();
    const state = this.attempts.get(key);
    if (!state) return;
    const now = this.now();
    if (state.lockedUntil > 0 && now - state.lastAttempt >= QUIET_RESET_MS) return void this.attempts.delete(key);
    state.lastAttempt = now;
    if (now < state.lockedUntil) throw new NotAuthorizedException(MESSAGES.passwordAttemptsExceeded);
  }

  failed(who: string): void {
    const key = who.toLowerCase();
    const now = this.now();
    const state = this.attempts.get(key) ?? { failures: 0, lockedUntil: 0, lastAttempt: now };
    state.failures += 1;
    state.lastAttempt = now;
    if (state.failures >= FREE_FAILURES) {
      state.lockedUntil = now + Math.min(2 ** (state.failures - FREE_FAILURES) * 1000, MAX_LOCKOUT_MS);
    }
    this.attempts.delete(key); // re-inserted last, so the map's first entry is the longest untouched
    this.attempts.set(key, state);
    if (this.attempts.size > MAX_TRACKED) this.attempts.delete(this.attempts.keys().next().value as string);
  }

  succeeded(who: string): void {
    this.attempts.delete(who.toLowerCase());
  }
}
