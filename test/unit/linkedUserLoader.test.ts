/**
 * LinkedUserLoader (src/cognito/loadLinkedUser.ts): from an access token to a link state, with a
 * fake verifier, a fake GetUser client and a fake clock. What Cognito is asked, and when: a turn
 * inside a session costs no network; a new session rechecks a user Cognito vouched for longer ago
 * than `recheckAfterMs`; revocation evicts; an outage keeps the cached user; a user carried in the
 * session attributes serves that session only.
 */
import { describe, expect, test } from '@jest/globals';
import type { VerifiedAccessToken } from '../../src/cognito/accessTokenVerifier';
import type { ProfileClaims } from '../../src/config';
import type { CognitoUser } from '../../src/profileFields';
import {
  CognitoUnavailableError,
  ExpiredAccessTokenError,
  InvalidAccessTokenError,
  RevokedAccessError,
} from '../../src/cognito/errors';
import { LinkedUserLoader, LinkRequest } from '../../src/cognito/loadLinkedUser';
import { UserCache } from '../../src/cognito/userCache';
import { ALICE } from './support/fakeLoader';

const RECHECK_AFTER_MS = 300_000;
const TOKEN = 'token-of-alice';
const START = 1_700_000_000_000;

/** Cognito as the loader sees it: tokens it would verify, and what GetUser answers. */
function fakeCognito() {
  const clock = { now: START };
  const tokens = new Map<string, VerifiedAccessToken | Error>([
    [TOKEN, { sub: ALICE.sub, username: ALICE.username, expiresAt: START / 1000 + 3600, claims: {} }],
  ]);
  let getUserAnswer: CognitoUser | Error = ALICE;
  const calls = { verify: 0, getUser: 0 };
  const verifier = {
    verify: async (token: string) => {
      calls.verify += 1;
      const verified = tokens.get(token) ?? new InvalidAccessTokenError('not ours');
      if (verified instanceof Error) throw verified;
      return verified;
    },
  };
  const client = {
    getUser: async () => {
      calls.getUser += 1;
      if (getUserAnswer instanceof Error) throw getUserAnswer;
      return getUserAnswer;
    },
  };
  const cache = new UserCache(100, () => clock.now);
  return {
    clock,
    calls,
    cache,
    tokens,
    getUserAnswers: (answer: CognitoUser | Error) => void (getUserAnswer = answer),
    loader: (profileClaims?: ProfileClaims) =>
      new LinkedUserLoader({
        verifier,
        client,
        cache,
        timeBudgetMs: 2500,
        recheckAfterMs: RECHECK_AFTER_MS,
        profileClaims,
        now: () => clock.now,
      }),
  };
}

const newSession = (overrides: Partial<LinkRequest> = {}): LinkRequest => ({
  accessToken: TOKEN,
  newSession: true,
  ...overrides,
});
const sameSession = (overrides: Partial<LinkRequest> = {}): LinkRequest =>
  newSession({ newSession: false, ...overrides });

describe('without a usable token, Cognito is never asked', () => {
  test.each([
    ['no token', undefined, { state: 'not-linked', reason: 'no-token' }, 0],
    ['a token local verification rejects', 'forged', { state: 'not-linked', reason: 'InvalidAccessTokenError' }, 1],
  ])('%s: not linked', async (_name, accessToken, result, verifyCalls) => {
    const cognito = fakeCognito();
    expect(await cognito.loader().load(newSession({ accessToken }))).toEqual(result);
    expect(cognito.calls).toEqual({ verify: verifyCalls, getUser: 0 });
  });

  test.each([
    ['expired', new ExpiredAccessTokenError('expired'), 'relink-needed'],
    ['JWKS unreachable', new CognitoUnavailableError('no JWKS'), 'unavailable'],
  ])('%s: %s', async (_name, error, state) => {
    const cognito = fakeCognito();
    cognito.tokens.set('token', error);
    expect(await cognito.loader().load(newSession({ accessToken: 'token' }))).toEqual({ state, reason: error.name });
    expect(cognito.calls.getUser).toBe(0);
  });
});

describe('a verified token', () => {
  test('first seen: one GetUser, and the user is cached until the token expires', async () => {
    const cognito = fakeCognito();
    expect(await cognito.loader().load(newSession())).toEqual({ state: 'linked', user: ALICE, source: 'cognito' });
    expect(cognito.calls.getUser).toBe(1);
    expect(cognito.cache.get(TOKEN)?.expiresAtMs).toBe(START + 3600_000);
  });

  test('later turns of the session: from the cache, no verification and no network, however old the entry', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    await loader.load(newSession());
    cognito.clock.now += RECHECK_AFTER_MS * 10;
    expect(await loader.load(sameSession())).toEqual({ state: 'linked', user: ALICE, source: 'cache' });
    expect(cognito.calls).toEqual({ verify: 1, getUser: 1 });
  });

  test('a new session soon after: from the cache', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    await loader.load(newSession());
    cognito.clock.now += RECHECK_AFTER_MS - 1;
    expect(await loader.load(newSession())).toMatchObject({ state: 'linked', source: 'cache' });
    expect(cognito.calls.getUser).toBe(1);
  });

  test('a new session once the entry is stale: GetUser again, with what Cognito says now', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    await loader.load(newSession());
    cognito.clock.now += RECHECK_AFTER_MS;
    const renamed = { ...ALICE, name: 'Alice Jones' };
    cognito.getUserAnswers(renamed);
    expect(await loader.load(newSession())).toEqual({ state: 'linked', user: renamed, source: 'cognito' });
    expect(cognito.calls.getUser).toBe(2);
    // Vouched for again just now: the next new session is served from the cache.
    expect(await loader.load(newSession())).toMatchObject({ user: renamed, source: 'cache' });
    expect(cognito.calls.getUser).toBe(2);
  });

  test('revoked at the recheck (sign-out, disabled, deleted): relink, and the token is forgotten', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    await loader.load(newSession());
    cognito.clock.now += RECHECK_AFTER_MS;
    cognito.getUserAnswers(new RevokedAccessError('NotAuthorizedException'));
    expect(await loader.load(newSession())).toEqual({ state: 'relink-needed', reason: 'RevokedAccessError' });
    expect(cognito.cache.get(TOKEN)).toBeUndefined();
    // Even inside a session, the forgotten token is checked with Cognito again.
    expect(await loader.load(sameSession())).toEqual({ state: 'relink-needed', reason: 'RevokedAccessError' });
    expect(cognito.calls.getUser).toBe(3);
  });

  test('Cognito down at the recheck: the cached user is kept, and the next new session tries again', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    await loader.load(newSession());
    cognito.clock.now += RECHECK_AFTER_MS;
    cognito.getUserAnswers(new CognitoUnavailableError('GetUser failed'));
    expect(await loader.load(newSession())).toEqual({ state: 'linked', user: ALICE, source: 'cache' });
    expect(await loader.load(newSession())).toEqual({ state: 'linked', user: ALICE, source: 'cache' });
    expect(cognito.calls.getUser).toBe(3);
  });

  test('Cognito down at the first GetUser: unavailable, nothing cached, and the next turn asks again', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    cognito.getUserAnswers(new CognitoUnavailableError('GetUser failed'));
    expect(await loader.load(newSession())).toEqual({ state: 'unavailable', reason: 'CognitoUnavailableError' });
    expect(cognito.cache.size).toBe(0);
    cognito.getUserAnswers(ALICE);
    expect(await loader.load(sameSession())).toEqual({ state: 'linked', user: ALICE, source: 'cognito' });
  });

  test('refused at the first GetUser: relink, nothing cached', async () => {
    const cognito = fakeCognito();
    cognito.getUserAnswers(new RevokedAccessError('UserNotFoundException'));
    expect(await cognito.loader().load(newSession())).toEqual({ state: 'relink-needed', reason: 'RevokedAccessError' });
    expect(cognito.cache.size).toBe(0);
  });

  test('a failure that is not Cognito’s answer is thrown (the request hook turns it into an apology)', async () => {
    const cognito = fakeCognito();
    cognito.getUserAnswers(new TypeError('a bug'));
    await expect(cognito.loader().load(newSession())).rejects.toThrow(TypeError);
  });

  test('the cached user goes with the token’s expiry: the expired token is then verified (and refused) again', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    await loader.load(newSession());
    cognito.clock.now = START + 3600_000;
    cognito.tokens.set(TOKEN, new ExpiredAccessTokenError('expired'));
    expect(await loader.load(sameSession())).toEqual({ state: 'relink-needed', reason: 'ExpiredAccessTokenError' });
  });
});

describe('a user carried in the session attributes (the caller’s word, not Cognito’s)', () => {
  const chosen: CognitoUser = { ...ALICE, attributes: { name: 'Mallory', email: 'mallory@evil.test' } };

  test('same subject as the verified token, inside a session: served for that session, never cached', async () => {
    const cognito = fakeCognito();
    const loader = cognito.loader();
    expect(await loader.load(sameSession({ sessionUser: chosen }))).toEqual({
      state: 'linked',
      user: chosen,
      source: 'session',
    });
    expect(cognito.calls.getUser).toBe(0);
    expect(cognito.cache.size).toBe(0);
    // The next new session hears Cognito's values.
    expect(await loader.load(newSession())).toEqual({ state: 'linked', user: ALICE, source: 'cognito' });
  });

  test('in a new session: ignored, Cognito is asked', async () => {
    const cognito = fakeCognito();
    expect(await cognito.loader().load(newSession({ sessionUser: chosen }))).toMatchObject({ user: ALICE });
    expect(cognito.calls.getUser).toBe(1);
  });

  test('another subject than the token’s: ignored, Cognito is asked', async () => {
    const cognito = fakeCognito();
    const other = { ...chosen, sub: 'sub-of-someone-else' };
    expect(await cognito.loader().load(sameSession({ sessionUser: other }))).toMatchObject({ user: ALICE });
    expect(cognito.calls.getUser).toBe(1);
  });

  test('with a token local verification rejects: not linked, whatever the session says', async () => {
    const cognito = fakeCognito();
    const result = await cognito.loader().load(sameSession({ accessToken: 'forged', sessionUser: chosen }));
    expect(result).toEqual({ state: 'not-linked', reason: 'InvalidAccessTokenError' });
  });
});

describe('profile claims in the access token (COGNITO_PROFILE_CLAIMS)', () => {
  const claims: ProfileClaims = { email: 'custom:mail', name: 'custom:full_name' };
  const withClaims = (cognito: ReturnType<typeof fakeCognito>, tokenClaims: Record<string, unknown>) =>
    cognito.tokens.set(TOKEN, {
      sub: ALICE.sub,
      username: ALICE.username,
      expiresAt: START / 1000 + 3600,
      claims: tokenClaims,
    });

  test('every configured claim present: the user from the verified token, cached, no GetUser', async () => {
    const cognito = fakeCognito();
    withClaims(cognito, { 'custom:mail': 'alice@claims.example', 'custom:full_name': 'Alice from Claims' });
    const user: CognitoUser = {
      sub: ALICE.sub,
      username: ALICE.username,
      attributes: { email: 'alice@claims.example', name: 'Alice from Claims' },
    };
    const loader = cognito.loader(claims);
    expect(await loader.load(newSession())).toEqual({ state: 'linked', user, source: 'token' });
    expect(await loader.load(sameSession())).toEqual({ state: 'linked', user, source: 'cache' });
    expect(cognito.calls.getUser).toBe(0);
  });

  test('an empty claim is an attribute the user has not set', async () => {
    const cognito = fakeCognito();
    withClaims(cognito, { 'custom:mail': 'alice@claims.example', 'custom:full_name': '' });
    expect(await cognito.loader(claims).load(newSession())).toMatchObject({
      user: { attributes: { email: 'alice@claims.example' } },
      source: 'token',
    });
  });

  test.each([
    ['one is missing', { 'custom:mail': 'alice@claims.example' }],
    ['one is not a string', { 'custom:mail': 'alice@claims.example', 'custom:full_name': 42 }],
  ])('%s: GetUser as without claims', async (_name, tokenClaims) => {
    const cognito = fakeCognito();
    withClaims(cognito, tokenClaims);
    expect(await cognito.loader(claims).load(newSession())).toEqual({
      state: 'linked',
      user: ALICE,
      source: 'cognito',
    });
    expect(cognito.calls.getUser).toBe(1);
  });

  test('not configured: claims are ignored', async () => {
    const cognito = fakeCognito();
    withClaims(cognito, { email: 'alice@claims.example', name: 'Alice from Claims' });
    expect(await cognito.loader().load(newSession())).toMatchObject({ user: ALICE, source: 'cognito' });
  });

  // What docs/how-it-works.md says of revocation in this mode: the bound is the token's lifetime.
  describe('a token whose user has signed out (Cognito would refuse it now)', () => {
    const signedOut = () => {
      const cognito = fakeCognito();
      withClaims(cognito, { 'custom:mail': 'alice@claims.example', 'custom:full_name': 'Alice' });
      cognito.getUserAnswers(new RevokedAccessError('NotAuthorizedException'));
      return cognito;
    };

    test('a new container accepts it without asking Cognito, until the token expires', async () => {
      const cognito = signedOut();
      expect(await cognito.loader(claims).load(newSession())).toMatchObject({ state: 'linked', source: 'token' });
      expect(cognito.calls.getUser).toBe(0);
      cognito.clock.now = START + 3600_000;
      cognito.tokens.set(TOKEN, new ExpiredAccessTokenError('expired'));
      expect(await cognito.loader(claims).load(newSession())).toEqual({
        state: 'relink-needed',
        reason: 'ExpiredAccessTokenError',
      });
    });

    test('a warm container that knows it asks Cognito at the first new session after the recheck interval', async () => {
      const cognito = signedOut();
      const loader = cognito.loader(claims);
      await loader.load(newSession());
      cognito.clock.now += RECHECK_AFTER_MS;
      expect(await loader.load(newSession())).toEqual({ state: 'relink-needed', reason: 'RevokedAccessError' });
      expect(cognito.calls.getUser).toBe(1);
    });
  });
});
