/**
 * The pool's RS256 signing key: generated on first start (~100 ms) and kept in the data folder, never
 * in git, so tokens issued before a restart still verify after it. Only the public half is served.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';
import { writeJsonAtomically } from './store';

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  /** The public key as served in the JWKS. */
  publicJwk: JWK;
}

export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
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
    kid: privateJwk.kid as string,
    privateKey: (await importJWK(privateJwk, 'RS256')) as KeyLike,
    publicKey: (await importJWK(publicJwk, 'RS256')) as KeyLike,
    publicJwk,
  };
}
