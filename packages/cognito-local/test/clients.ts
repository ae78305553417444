/**
 * How the identity tests reach the service: only as real clients do — the AWS SDK v3 Cognito client,
 * plain HTTP for the Hosted UI form, and aws-jwt-verify for tokens. Each service gets its own data
 * folder and an ephemeral port.
 */
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityServiceOptions, RunningIdentityService, startIdentityService } from '../src';

export const ALICE = { username: 'alice', password: 'Alice-Demo-1!', email: 'alice@example.com', name: 'Alice Smith' };
export const BOB = { username: 'bob', password: 'Bob-Demo-1!', email: 'bob@example.com', name: 'Bob Jones' };
export const SIMULATOR_CALLBACK = 'http://localhost:3001/callback';
export const ALEXA_CALLBACK = 'https://pitangui.amazon.com/api/skill/link/M1LOCALVENDOR';

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'identity-test-'));
}

/**
 * A seed file like identity/seed.json with the app client changed (e.g. a fixed secret with characters
 * that HTTP Basic must encode); the shipped seed has no secret, the service generates one.
 */
export function seedWith(client: Record<string, unknown>): string {
  const seed = JSON.parse(readFileSync(join(__dirname, '../seed.json'), 'utf8'));
  seed.clients[0] = { ...seed.clients[0], ...client };
  const path = join(newDataDir(), 'seed.json');
  writeFileSync(path, JSON.stringify(seed));
  return path;
}

export function startService(options: IdentityServiceOptions = {}): Promise<RunningIdentityService> {
  return startIdentityService({ port: 0, dataDir: newDataDir(), logLevel: 'silent', ...options });
}

/** The SDK exactly as an app uses it, pointed at the local endpoint; one attempt so faults show as-is. */
export function cognitoClient(service: RunningIdentityService): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: service.region,
    endpoint: service.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

export function secretHash(service: RunningIdentityService, username: string): string {
  return createHmac('sha256', service.clientSecret)
    .update(username + service.clientId)
    .digest('base64');
}

export async function signIn(
  client: CognitoIdentityProviderClient,
  service: RunningIdentityService,
  user: { username: string; password: string },
) {
  const result = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: service.clientId,
      AuthParameters: {
        USERNAME: user.username,
        PASSWORD: user.password,
        SECRET_HASH: secretHash(service, user.username),
      },
    }),
  );
  const tokens = result.AuthenticationResult;
  if (!tokens?.AccessToken || !tokens.RefreshToken || !tokens.IdToken)
    throw new Error('incomplete AuthenticationResult');
  return { accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken, idToken: tokens.IdToken };
}

/** The skill's verifier; the JWKS is loaded over http and cached, since aws-jwt-verify fetches only https. */
export async function verifierFor(service: RunningIdentityService, tokenUse: 'access' | 'id') {
  const verifier = CognitoJwtVerifier.create({ userPoolId: service.userPoolId, tokenUse, clientId: service.clientId });
  verifier.cacheJwks(await (await fetch(service.jwksUri)).json());
  return verifier;
}

/** The name the SDK gives a rejected call (what the skill branches on). */
export async function errorNameOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the call to fail');
}

export interface HostedUiRequest {
  redirectUri?: string;
  state?: string;
  scope?: string;
  extra?: Record<string, string>;
}

/** GET /oauth2/authorize, follow to /login, read the form's CSRF token and cookie. */
export async function openSignInPage(service: RunningIdentityService, request: HostedUiRequest = {}) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: service.clientId,
    redirect_uri: request.redirectUri ?? SIMULATOR_CALLBACK,
    state: request.state ?? 'state-123',
    ...(request.scope ? { scope: request.scope } : {}),
    ...request.extra,
  });
  return openSignInUrl(`${service.url}/oauth2/authorize?${query}`);
}

export async function openSignInUrl(authorizeUrl: string) {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  if (authorize.status !== 302) throw new Error(`authorize answered ${authorize.status}`);
  const loginUrl = new URL(authorize.headers.get('location') as string, authorizeUrl).toString();
  const page = await fetch(loginUrl);
  const html = await page.text();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const hidden: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    hidden[match[1]] = decodeHtml(match[2]);
  }
  return { html, status: page.status, cookie, csrf, hidden, loginUrl };
}

/** Fills in and submits the sign-in form as a browser without JavaScript would. */
export async function submitSignIn(
  service: RunningIdentityService,
  form: Awaited<ReturnType<typeof openSignInPage>>,
  user: { username: string; password: string },
) {
  const response = await fetch(`${service.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
    body: new URLSearchParams({ ...form.hidden, username: user.username, password: user.password }),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/** Whole Hosted UI sign-in; returns the URL the browser is sent back to (with code and state). */
export async function hostedUiSignIn(
  service: RunningIdentityService,
  user: { username: string; password: string },
  request: HostedUiRequest = {},
): Promise<URL> {
  const result = await submitSignIn(service, await openSignInPage(service, request), user);
  if (result.status !== 302 || !result.location) throw new Error(`sign-in answered ${result.status}`);
  return new URL(result.location);
}

export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export function basicAuth(id: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
}

function decodeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
}
