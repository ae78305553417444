import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { basicCredentials, formDecode, secretMatches } from '../src/clientAuthentication';

/**
 * The HTTP Basic decoder every client-authenticating endpoint uses, as properties over arbitrary
 * secrets. Fixed seed (FC_SEED overrides it); fast-check prints seed and path on failure, so a
 * failing case can be replayed exactly.
 */
const SEED = Number(process.env.FC_SEED ?? 20261125);
const RUNS = 500;

// Characters that form encoding changes or that make raw and decoded values differ, mixed with any text.
const tricky = fc.constantFrom('+', ' ', '%', '-', ':', '2', 'B', 'f', 'é', '💡', '=', '&', '/');
const secretArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: tricky, maxLength: 40 }),
  fc.string({
    unit: fc.oneof(tricky, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })),
    maxLength: 60,
  }),
);
// Cognito client ids match [\w+]+ (26 lowercase letters and digits when Cognito makes them).
const clientIdArb = fc.stringMatching(/^[\w+]{1,32}$/);

/** Strict form encoding: every byte outside [A-Za-z0-9] as %XX, space as '+' (or %20). */
function formEncodeEveryByte(value: string, space: '+' | '%20'): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9]/.test(char)) return char;
      if (char === ' ') return space;
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

const ENCODERS: Record<string, (value: string) => string> = {
  'strict, + for space': (value) => formEncodeEveryByte(value, '+'),
  'strict, %20 for space': (value) => formEncodeEveryByte(value, '%20'),
  'encodeURIComponent, + for space (openid-client 5)': (value) => encodeURIComponent(value).replace(/%20/g, '+'),
  'not encoded': (value) => value,
};

const header = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;
const run = { seed: SEED, numRuns: RUNS };

describe('HTTP Basic client credentials (RFC 6749 §2.3.1)', () => {
  test.each(Object.entries(ENCODERS))(
    'the client id and secret come back, whatever the secret, encoded %s',
    (_name, encode) => {
      fc.assert(
        fc.property(clientIdArb, secretArb, (id, secret) => {
          const presented = basicCredentials(header(encode(id), encode(secret)));
          expect(presented?.clientIds).toContain(id);
          expect(secretMatches(secret, presented?.secrets ?? [])).toBe(true);
        }),
        run,
      );
    },
  );

  test('form decoding undoes strict form encoding exactly', () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom('+', '%20') as fc.Arbitrary<'+' | '%20'>, (secret, space) => {
        expect(formDecode(formEncodeEveryByte(secret, space))).toBe(secret);
      }),
      run,
    );
  });

  test('nothing else authenticates: only the secret itself or a value that form-decodes to it', () => {
    fc.assert(
      fc.property(secretArb, secretArb, clientIdArb, (secret, presented, id) => {
        fc.pre(presented !== secret && formDecode(presented) !== secret);
        const credentials = basicCredentials(header(id, presented));
        expect(secretMatches(secret, credentials?.secrets ?? [])).toBe(false);
      }),
      run,
    );
  });

  test('no header is left to the body; another scheme or a broken Basic header never authenticates', () => {
    expect(basicCredentials(undefined)).toBeUndefined();
    for (const broken of ['Bearer abc', 'Digest x', 'Basic', 'Basic !!!', 'Basic bm8tY29sb24=', 'Basic OnNlY3JldA==']) {
      expect(basicCredentials(broken)).toBeNull(); // other schemes, garbage, "no-colon", ":secret" (empty id)
    }
  });
});
