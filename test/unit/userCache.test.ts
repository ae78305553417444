/**
 * The warm container's user cache (src/cognito/userCache.ts): bounded, oldest entry out first,
 * entries gone at the token's expiry, and the token itself never kept.
 */
import { expect, test } from '@jest/globals';
import { inspect } from 'node:util';
import { UserCache } from '../../src/cognito/userCache';

const user = (name: string) => ({ sub: `sub-${name}`, username: name, attributes: {} });

function cacheWithClock(maxEntries: number) {
  const clock = { now: 1_000_000 };
  return { cache: new UserCache(maxEntries, () => clock.now), clock };
}

test('remembers a user with the time Cognito vouched for them and the token’s expiry', () => {
  const { cache, clock } = cacheWithClock(10);
  cache.set('token-a', user('a'), clock.now + 60_000);
  expect(cache.get('token-a')).toEqual({ user: user('a'), fetchedAtMs: clock.now, expiresAtMs: clock.now + 60_000 });
  expect(cache.get('token-b')).toBeUndefined();
});

test('an entry is gone when its token expires, and leaves no trace', () => {
  const { cache, clock } = cacheWithClock(10);
  cache.set('token-a', user('a'), clock.now + 60_000);
  clock.now += 59_999;
  expect(cache.get('token-a')?.user).toEqual(user('a'));
  clock.now += 1;
  expect(cache.get('token-a')).toBeUndefined();
  expect(cache.size).toBe(0);
});

test('full: the oldest entry goes first, and size never exceeds the bound', () => {
  const { cache, clock } = cacheWithClock(3);
  for (const name of ['a', 'b', 'c', 'd', 'e']) cache.set(`token-${name}`, user(name), clock.now + 60_000);
  expect(cache.size).toBe(3);
  expect(['a', 'b', 'c', 'd', 'e'].map((name) => cache.get(`token-${name}`)?.user.username)).toEqual([
    undefined,
    undefined,
    'c',
    'd',
    'e',
  ]);
});

test('setting a token again makes it the newest', () => {
  const { cache, clock } = cacheWithClock(3);
  for (const name of ['a', 'b', 'c']) cache.set(`token-${name}`, user(name), clock.now + 60_000);
  cache.set('token-a', user('a'), clock.now + 60_000);
  cache.set('token-d', user('d'), clock.now + 60_000);
  expect(cache.get('token-a')).toBeDefined();
  expect(cache.get('token-b')).toBeUndefined();
});

test('delete forgets one token', () => {
  const { cache, clock } = cacheWithClock(3);
  cache.set('token-a', user('a'), clock.now + 60_000);
  cache.set('token-b', user('b'), clock.now + 60_000);
  cache.delete('token-a');
  expect(cache.get('token-a')).toBeUndefined();
  expect(cache.get('token-b')).toBeDefined();
  expect(cache.size).toBe(1);
});

test('the access token (a credential) is not kept, only a hash of it', () => {
  const { cache, clock } = cacheWithClock(3);
  const token = 'eyJraWQiOiJzZWNyZXQifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLWFsaWNl';
  cache.set(token, user('alice'), clock.now + 60_000);
  expect(inspect(cache, { depth: 10, showHidden: true })).not.toContain('c2lnbmF0dXJlLW9mLWFsaWNl');
});
