import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison for client secrets, CSRF tokens and secret hashes. */
export function secretsEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
