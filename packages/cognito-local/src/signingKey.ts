/**
 * The pool's RS256 signing key: generated on first start (~100 ms) and kept in the data folder, never
 * in git, so tokens issued before a restart still verify after it. Only the public half is served, at
 * the paths Cognito serves its JWKS and OpenID discovery document.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';
import { sendJson } from './http';
import { writeJsonAtomically } from './store';

export type SigningKey = Awaited<ReturnType<typeof loadOrCreateSigningKey>>;

export async function loadOrCreateSigningKey(dataDir: string) {
  const file = join(dataDir, 'signing-key.json');
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    privateJwk = await exportJWK(privateKey);
    privateJwk.kid = await calculateJwkThumbprint(privateJwk);
    privateJwk.alg = 'RS256';
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeJsonAtomically(file, privateJwk);
  }
  const { kty, n, e } = privateJwk;
  const publicJwk: JWK = { alg: 'RS256', e, kid: privateJwk.kid, kty, n, use: 'sig' };
  return {
    privateKey: (await importJWK(privateJwk, 'RS256')) as KeyLike,
    publicKey: (await importJWK(publicJwk, 'RS256')) as KeyLike,
    publicJwk,
  };
}

export function sendJwks(res: ServerResponse, key: SigningKey): void {
  sendJson(res, 200, { keys: [key.publicJwk] }, { 'cache-control': 'public, max-age=300' });
}

/**
 * Cognito's document, with the endpoints pointing at this service and the issuer in Cognito's form
 * (the issuer is a name, not where tokens come from; verifiers compare it, never fetch it).
 */
export function sendDiscovery(res: ServerResponse, baseUrl: string, issuer: string, userPoolId: string): void {
  sendJson(res, 200, {
    issuer,
    authorization_endpoint: `${baseUrl}/oauth2/authorize`,
    token_endpoint: `${baseUrl}/oauth2/token`,
    userinfo_endpoint: `${baseUrl}/oauth2/userInfo`,
    revocation_endpoint: `${baseUrl}/oauth2/revoke`,
    end_session_endpoint: `${baseUrl}/logout`,
    jwks_uri: `${baseUrl}/${userPoolId}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['sub', 'email', 'email_verified', 'name', 'cognito:username', 'auth_time', 'iss', 'aud'],
  });
}
