/**
 * Client authentication at /oauth2/token and /oauth2/revoke: HTTP Basic or client_id and client_secret
 * in the body. RFC 6749 §2.3.1 form-urlencodes id and secret before Basic encodes them; libraries do
 * (`a-b` arrives as `a%2Db`), some clients do not (`a+b` arrives raw, which decoding would make `a b`).
 * So decoded and raw values are both candidates, each compared with the secret in constant time.
 */
import { AppClient } from './appClients';
import { secretsEqual } from './passwords';
import { IdentityStore } from './store';

/** Client ids to look up, most likely first (form-decoded, then raw), and secrets to compare, all of them. */
type PresentedCredentials = { clientIds: string[]; secrets: string[] };
const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/**
 * The credentials in an Authorization header: undefined when there is none (the body may carry them),
 * null when there is one that is not Basic of "id:secret" (another scheme, or garbage: never authenticates).
 */
export function basicCredentials(authorization: string | undefined): PresentedCredentials | undefined | null {
  if (!authorization) return undefined;
  const token = BASIC.exec(authorization)?.[1];
  if (!token) return null;
  const pair = Buffer.from(token, 'base64').toString('utf8');
  const colon = pair.indexOf(':'); // the id is encoded, so its first colon ends it (RFC 7617 §2)
  if (colon <= 0) return null;
  const [id, secret] = [pair.slice(0, colon), pair.slice(colon + 1)];
  return { clientIds: unique([formDecode(id), id]), secrets: unique([formDecode(secret), secret]) };
}

/**
 * application/x-www-form-urlencoded decoding of one value, by the WHATWG URL standard's own parser
 * ('+' is a space, %XX a byte, a stray '%' stays, UTF-8); '&' is escaped first so the value stays whole.
 */
export const formDecode = (value: string) => new URLSearchParams(`v=${value.replace(/&/g, '%26')}`).get('v') ?? '';

/** Every candidate is compared (no early exit), so timing does not tell which form matched. */
export function secretMatches(expected: string, candidates: readonly string[]): boolean {
  let matched = false;
  for (const candidate of candidates) matched = secretsEqual(expected, candidate) || matched;
  return matched;
}

/**
 * The authenticated app client, or undefined (answer invalid_client). A client uses one method per
 * request (RFC 6749 §2.3): any Authorization header decides, the body only without one. A client
 * without a secret (a public client) is identified by its id alone.
 */
export function authenticateClient(
  store: IdentityStore,
  authorization: string | undefined,
  body: Record<string, string>,
): AppClient | undefined {
  const basic = basicCredentials(authorization);
  if (basic === null) return undefined;
  const presented: PresentedCredentials = basic ?? {
    clientIds: body.client_id ? [body.client_id] : [],
    secrets: body.client_secret !== undefined ? [body.client_secret] : [],
  };
  const client = presented.clientIds.map((id) => store.client(id)).find((found) => found !== undefined);
  if (!client?.ClientSecret) return client;
  return secretMatches(client.ClientSecret, presented.secrets) ? client : undefined;
}

const unique = (values: string[]) => [...new Set(values)];
