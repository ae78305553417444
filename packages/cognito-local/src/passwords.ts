/** Password hashing, Cognito's default password policy, and constant-time comparison of secrets. */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { InvalidPasswordException } from './errors';

// scrypt with Node's default cost (N=2^14, r=8, p=1): ~50 ms per hash, enough for a local stand-in.
const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** `scrypt$<salt>$<hash>` (base64url); the plain password is never stored. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !salt || !hash) {
    // Spend the same time as a real check so an unknown user is not told apart by timing.
    await derive(password, randomBytes(16), 32);
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Cognito's default pool password policy: 8+ characters with lower, upper, digit and symbol. */
const POLICY: Array<[RegExp, string]> = [
  [/^[\s\S]{8}/, 'Password not long enough'],
  [/[a-z]/, 'Password must have lowercase characters'],
  [/[A-Z]/, 'Password must have uppercase characters'],
  [/[0-9]/, 'Password must have numeric characters'],
  [/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/, 'Password must have symbol characters'],
];

export function checkPasswordPolicy(password: string): void {
  const broken = POLICY.find(([rule]) => !rule.test(password));
  if (broken) throw new InvalidPasswordException(`Password did not conform with policy: ${broken[1]}`);
}

/**
 * Constant-time comparison for client secrets, CSRF tokens and secret hashes. Both sides are hashed
 * first, so neither the content nor the length of the expected value shows in the time taken.
 */
export function secretsEqual(expected: string, actual: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(actual));
}

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)). */
export const secretHashOf = (secret: string, username: string, clientId: string) =>
  createHmac('sha256', secret).update(`${username}${clientId}`).digest('base64');
