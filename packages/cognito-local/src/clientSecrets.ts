/**
 * App client secrets: generated on first start and kept only in the data folder, never in the
 * repository. Read one as in AWS, with DescribeUserPoolClient.
 */
import { randomInt } from 'node:crypto';

// Cognito's generated secrets are ~51-52 characters of lowercase letters and digits.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 52;

/** 52 characters from a CSPRNG, each uniform over the alphabet (randomInt has no modulo bias): ~268 bits. */
export function generateClientSecret(): string {
  let secret = '';
  for (let i = 0; i < LENGTH; i++) secret += ALPHABET[randomInt(ALPHABET.length)];
  return secret;
}

/**
 * Secrets that an earlier version of identity/seed.json shipped in the repository. They are public,
 * so a data folder that still holds one gets a newly generated secret on start (see IdentityStore.open).
 */
export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set(['local-dev-secret-not-for-aws']);
