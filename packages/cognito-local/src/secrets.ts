import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison for client secrets, CSRF tokens and secret hashes. Both sides are hashed
 * first, so neither the content nor the length of the expected value shows in the time taken.
 */
export function secretsEqual(expected: string, actual: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(actual));
}
