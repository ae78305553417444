/**
 * AccessTokenVerifier (src/cognito/accessTokenVerifier.ts) on aws-jwt-verify, with a pool key made
 * here and its JWKS handed in (no network): each refusal is the typed error the loader maps to
 * what the user hears.
 */
import { beforeAll, expect, test } from '@jest/globals';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier } from '../../src/cognito/accessTokenVerifier';
import { Deadline } from '../../src/cognito/deadline';
import { CognitoUnavailableError, ExpiredAccessTokenError, InvalidAccessTokenError } from '../../src/cognito/errors';
import { closedPort } from '../reliability/support/http';

const POOL = 'us-east-1_TestPool1';
const CLIENT = 'testclient00000000000000001';
const KID = 'pool-key-1';
const now = () => Math.floor(Date.now() / 1000);

let key: KeyLike;
let verifier: AccessTokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  // An unknown key id would be fetched from here: a closed port, so the fetch fails at once.
  const jwksUri = `http://127.0.0.1:${await closedPort()}/jwks.json`;
  verifier = new AccessTokenVerifier({ userPoolId: POOL, appClientId: CLIENT, jwks: { keys: [jwk] }, jwksUri });
});

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    sub: 'sub-alice',
    username: 'alice',
    token_use: 'access',
    client_id: CLIENT,
    iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`,
    iat: now(),
    exp: now() + 3600,
    ...overrides,
  };
}

const sign = (payload: JWTPayload, kid = KID) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
const verify = async (token: string) => verifier.verify(token, new Deadline(2000));

test('a token of this pool for this client: its subject, username and expiry', async () => {
  const payload = claims();
  expect(await verify(await sign(payload))).toMatchObject({
    sub: 'sub-alice',
    username: 'alice',
    expiresAt: payload.exp,
  });
});

test('signed by the pool but without exp: refused, as not our token (it would otherwise be trusted forever)', async () => {
  const payload = claims();
  delete payload.exp;
  await expect(verify(await sign(payload))).rejects.toThrow(new InvalidAccessTokenError('access token has no expiry'));
});

test('expired: ExpiredAccessTokenError (the user is asked to link again)', async () => {
  await expect(verify(await sign(claims({ iat: now() - 7200, exp: now() - 60 })))).rejects.toBeInstanceOf(
    ExpiredAccessTokenError,
  );
});

test.each([
  ['another client', { client_id: 'someoneelse000000000000001' }],
  ['another pool', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool' }],
  ['an ID token', { token_use: 'id' }],
])('for %s: InvalidAccessTokenError', async (_name, overrides) => {
  await expect(verify(await sign(claims(overrides)))).rejects.toBeInstanceOf(InvalidAccessTokenError);
});

test('not a JWT at all: InvalidAccessTokenError', async () => {
  await expect(verify('not-a-token')).rejects.toBeInstanceOf(InvalidAccessTokenError);
});

test('a key id the pool’s JWKS cannot be fetched for: CognitoUnavailableError, not the user’s fault', async () => {
  await expect(verify(await sign(claims(), 'rotated-key'))).rejects.toBeInstanceOf(CognitoUnavailableError);
});
