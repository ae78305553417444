import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { BaseClient, generators, Issuer } from 'openid-client';
import { RunningIdentityService } from '../src';
import {
  ALICE,
  cognitoClient,
  openSignInUrl,
  postForm,
  seedWith,
  signIn,
  SIMULATOR_CALLBACK,
  startService,
  submitSignIn,
} from './clients';

/**
 * Client authentication at every endpoint that takes it (/oauth2/token, /oauth2/revoke). RFC 6749
 * §2.3.1: for HTTP Basic the client form-urlencodes its id and secret, then Base64-encodes "id:secret".
 * Current OAuth libraries escape every byte outside [A-Za-z0-9]; some clients skip the encoding. Both
 * must authenticate; nothing else may.
 */
// '-', '+', ' ' and '%' (once as a valid escape "%2B", once not) all change under form encoding.
const SECRET = 'local-dev+secret with%space%2B';

let service: RunningIdentityService;
let refreshToken: string;

beforeAll(async () => {
  service = await startService({ seedPath: seedWith({ ClientSecret: SECRET }) });
  const client = cognitoClient(service);
  ({ refreshToken } = await signIn(client, service, ALICE));
  client.destroy();
});
afterAll(() => service.close());

/** application/x-www-form-urlencoded as strict clients do it: every byte outside [A-Za-z0-9] escaped. */
function formEncodeEveryByte(value: string, space: '+' | '%20' = '+'): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9]/.test(char)) out += char;
    else if (char === ' ') out += space;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const ENCODINGS: Array<[string, (value: string) => string]> = [
  ['form-urlencoded, every byte outside [A-Za-z0-9] escaped', (value) => formEncodeEveryByte(value)],
  ['form-urlencoded with %20 for space', (value) => formEncodeEveryByte(value, '%20')],
  ['encodeURIComponent', encodeURIComponent],
  ['not encoded at all', (value) => value],
];

const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

const ENDPOINTS: Array<[string, () => { path: string; fields: Record<string, string> }]> = [
  [
    '/oauth2/token',
    () => ({ path: '/oauth2/token', fields: { grant_type: 'refresh_token', refresh_token: refreshToken } }),
  ],
  // RFC 7009: an unknown token is not an error, so this answers 200 once the client is authenticated.
  ['/oauth2/revoke', () => ({ path: '/oauth2/revoke', fields: { token: 'not-a-token-this-service-issued' } })],
];

describe.each(ENDPOINTS)('%s with HTTP Basic client authentication', (_name, endpoint) => {
  test.each(ENCODINGS)('accepts the id and secret %s', async (_encoding, encode) => {
    const { path, fields } = endpoint();
    const answer = await postForm(`${service.url}${path}`, fields, {
      authorization: basic(encode(service.clientId), encode(SECRET)),
    });
    expect(answer.status).toBe(200);
  });

  test('refuses a wrong secret, encoded or not, with 401 invalid_client and a Basic challenge', async () => {
    const { path, fields } = endpoint();
    // Differs from the secret only where '+' and ' ' are confused: decoding must not make it match.
    const confused = SECRET.replace('+', ' ');
    for (const secret of [confused, formEncodeEveryByte(confused), 'wrong', formEncodeEveryByte(SECRET + 'x')]) {
      const answer = await postForm(`${service.url}${path}`, fields, {
        authorization: basic(service.clientId, secret),
      });
      expect([answer.status, answer.body?.error]).toEqual([401, 'invalid_client']);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
  });

  test('refuses a header that is not Base64 of "id:secret"', async () => {
    const { path, fields } = endpoint();
    for (const authorization of ['Basic', 'Basic !!!', `Basic ${Buffer.from(service.clientId).toString('base64')}`]) {
      const answer = await postForm(`${service.url}${path}`, fields, { authorization });
      expect([answer.status, answer.body?.error]).toEqual([401, 'invalid_client']);
    }
  });
});

describe('a third-party OAuth client (openid-client, which encodes per RFC 6749 §2.3.1)', () => {
  let issuer: Issuer<BaseClient>;
  beforeAll(async () => {
    issuer = await Issuer.discover(`${service.url}/${service.userPoolId}`);
  });

  const clientFor = (method: 'client_secret_basic' | 'client_secret_post') =>
    new issuer.Client({
      client_id: service.clientId,
      client_secret: SECRET,
      redirect_uris: [SIMULATOR_CALLBACK],
      response_types: ['code'],
      token_endpoint_auth_method: method,
    });

  test.each(['client_secret_basic', 'client_secret_post'] as const)(
    'links, refreshes and revokes with %s',
    async (method) => {
      const client = clientFor(method);
      const state = generators.state();
      const form = await openSignInUrl(
        client.authorizationUrl({ scope: 'openid email aws.cognito.signin.user.admin', state }),
      );
      const returned = await submitSignIn(service, form, ALICE);
      const tokens = await client.callback(SIMULATOR_CALLBACK, client.callbackParams(returned.location as string), {
        state,
      });
      expect(tokens.access_token).toBeDefined();
      const refreshed = await client.refresh(tokens.refresh_token as string);
      expect(refreshed.access_token).toBeDefined();
      await client.revoke(tokens.refresh_token as string, 'refresh_token');
      await expect(client.refresh(tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    },
  );
});
