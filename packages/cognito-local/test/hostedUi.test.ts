import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { BaseClient, errors, generators, Issuer } from 'openid-client';
import { RunningIdentityService } from '../src';
import {
  ALEXA_CALLBACK,
  ALICE,
  basicAuth,
  BOB,
  cognitoClient,
  hostedUiSignIn,
  openSignInPage,
  openSignInUrl,
  postForm,
  SIMULATOR_CALLBACK,
  startService,
  submitSignIn,
  verifierFor,
} from './clients';

const SCOPE = 'openid email profile aws.cognito.signin.user.admin';
let service: RunningIdentityService;
let issuer: Issuer<BaseClient>;

beforeAll(async () => {
  service = await startService();
  issuer = await Issuer.discover(`${service.url}/${service.userPoolId}`);
});
afterAll(() => service.close());

function oidcClient(
  method: 'client_secret_basic' | 'client_secret_post',
  secret = service.clientSecret,
  redirectUri = SIMULATOR_CALLBACK,
) {
  return new issuer.Client({
    client_id: service.clientId,
    client_secret: secret,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    token_endpoint_auth_method: method,
  });
}

/** Alexa's side of linking: authorize URL, the user signs in, the code comes back and is exchanged. */
async function linkAccount(client: BaseClient, user = ALICE, redirectUri = SIMULATOR_CALLBACK) {
  const state = generators.state();
  const nonce = generators.nonce();
  const back = await openSignInUrl(client.authorizationUrl({ scope: SCOPE, state, nonce, redirect_uri: redirectUri }));
  const returned = await submitSignIn(service, back, user);
  expect(returned.status).toBe(302);
  const params = client.callbackParams(returned.location as string);
  expect(params.state).toBe(state);
  return client.callback(redirectUri, params, { state, nonce });
}

describe('account linking through the Hosted UI (authorization-code grant)', () => {
  test('with HTTP Basic client authentication, as Alexa does, the user gets tokens the skill accepts', async () => {
    const tokens = await linkAccount(
      oidcClient('client_secret_basic', service.clientSecret, ALEXA_CALLBACK),
      ALICE,
      ALEXA_CALLBACK,
    );
    expect(tokens.claims()).toMatchObject({ 'cognito:username': 'alice', email: ALICE.email, aud: service.clientId });
    expect(tokens.refresh_token).toBeDefined();
    const access = await (await verifierFor(service, 'access')).verify(tokens.access_token as string);
    expect(access.scope).toBe(SCOPE);
    const sdk = cognitoClient(service);
    expect((await sdk.send(new GetUserCommand({ AccessToken: tokens.access_token }))).Username).toBe('alice');
    sdk.destroy();
  });

  test('with client_secret_post the exchange works too, and userInfo answers for the token', async () => {
    const client = oidcClient('client_secret_post');
    const tokens = await linkAccount(client, BOB);
    expect(await client.userinfo(tokens.access_token as string)).toMatchObject({
      username: 'bob',
      email: BOB.email,
      email_verified: 'true',
    });
  });

  test('refresh gives a new access token and keeps the refresh token (no rotation)', async () => {
    const client = oidcClient('client_secret_basic');
    const tokens = await linkAccount(client);
    const refreshed = await client.refresh(tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBeUndefined();
    expect((await client.refresh(tokens.refresh_token as string)).access_token).toBeDefined();
  });

  test('PKCE S256 is honoured: the right verifier works, a wrong one is invalid_grant', async () => {
    const client = oidcClient('client_secret_basic');
    const verifier = generators.codeVerifier();
    const challenge = generators.codeChallenge(verifier);
    const extra = { code_challenge: challenge, code_challenge_method: 'S256' };
    const first = await hostedUiSignIn(service, ALICE, { scope: SCOPE, extra });
    const tokens = await client.callback(SIMULATOR_CALLBACK, client.callbackParams(first.toString()), {
      state: 'state-123',
      code_verifier: verifier,
    });
    expect(tokens.access_token).toBeDefined();
    const second = await hostedUiSignIn(service, ALICE, { scope: SCOPE, extra });
    const wrong = client.callback(SIMULATOR_CALLBACK, client.callbackParams(second.toString()), {
      state: 'state-123',
      code_verifier: generators.codeVerifier(),
    });
    await expect(wrong).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the token endpoint rejects what it must (RFC 6749 §5.2)', () => {
  async function freshCode(): Promise<string> {
    return (await hostedUiSignIn(service, ALICE, { scope: SCOPE })).searchParams.get('code') as string;
  }
  const exchange = (code: string, auth = basicAuth(service.clientId, service.clientSecret)) =>
    postForm(
      `${service.url}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: SIMULATOR_CALLBACK },
      { authorization: auth },
    );

  test('a wrong client secret is invalid_client: 401 with WWW-Authenticate by Basic, 400 by body (Cognito)', async () => {
    const code = await freshCode();
    const byBasic = await exchange(code, basicAuth(service.clientId, 'wrong-secret'));
    expect(byBasic.status).toBe(401);
    expect(byBasic.body.error).toBe('invalid_client');
    expect(byBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
    const byBody = await postForm(`${service.url}/oauth2/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: SIMULATOR_CALLBACK,
      client_id: service.clientId,
      client_secret: 'wrong-secret',
    });
    expect([byBody.status, byBody.body.error]).toEqual([400, 'invalid_client']);
    await expect(oidcClient('client_secret_basic', 'wrong-secret').refresh('anything')).rejects.toBeInstanceOf(
      errors.OPError,
    );
  });

  test('a code works once; the second exchange is invalid_grant', async () => {
    const code = await freshCode();
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  test('an unknown grant type is unsupported_grant_type; a missing code is invalid_request', async () => {
    const auth = { authorization: basicAuth(service.clientId, service.clientSecret) };
    const password = await postForm(
      `${service.url}/oauth2/token`,
      { grant_type: 'password', username: 'alice', password: 'x' },
      auth,
    );
    expect([password.status, password.body.error]).toEqual([400, 'unsupported_grant_type']);
    const missing = await postForm(`${service.url}/oauth2/token`, { grant_type: 'authorization_code' }, auth);
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
  });

  test('a revoked refresh token no longer refreshes, and its access tokens stop working', async () => {
    const client = oidcClient('client_secret_basic');
    const tokens = await linkAccount(client);
    await client.revoke(tokens.refresh_token as string, 'refresh_token');
    await expect(client.refresh(tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    const sdk = cognitoClient(service);
    await expect(sdk.send(new GetUserCommand({ AccessToken: tokens.access_token }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    sdk.destroy();
  });
});

describe('codes expire', () => {
  let quick: RunningIdentityService;
  beforeAll(async () => {
    quick = await startService({ authorizationCodeTtlSeconds: 1 });
  });
  afterAll(() => quick.close());

  test('a code exchanged after its lifetime is invalid_grant', async () => {
    const code = (await hostedUiSignIn(quick, ALICE)).searchParams.get('code') as string;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const late = await postForm(
      `${quick.url}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: SIMULATOR_CALLBACK },
      { authorization: basicAuth(quick.clientId, quick.clientSecret) },
    );
    expect([late.status, late.body.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('the sign-in page', () => {
  test('keeps client_id, redirect_uri, state, scope and PKCE parameters through the form', async () => {
    const page = await openSignInPage(service, {
      scope: SCOPE,
      extra: { code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' },
    });
    expect(page.status).toBe(200);
    expect(page.hidden).toMatchObject({
      client_id: service.clientId,
      redirect_uri: SIMULATOR_CALLBACK,
      state: 'state-123',
      scope: SCOPE,
      code_challenge_method: 'S256',
    });
    expect(page.html).not.toMatch(/<script/i);
  });

  test('a wrong password shows "Incorrect username or password." and does not redirect', async () => {
    const result = await submitSignIn(service, await openSignInPage(service), { username: 'alice', password: 'nope' });
    expect(result.status).toBe(400);
    expect(result.location).toBeNull();
    expect(result.html).toContain('Incorrect username or password.');
  });

  test('returns the code and the exact state to the registered redirect_uri', async () => {
    const back = await hostedUiSignIn(service, ALICE, { state: 'a b&c=d' });
    expect(`${back.origin}${back.pathname}`).toBe(SIMULATOR_CALLBACK);
    expect(back.searchParams.get('state')).toBe('a b&c=d');
    expect(back.searchParams.get('code')).toMatch(/\S{20,}/);
  });

  test('escapes a hostile state instead of running it', async () => {
    const hostile = '"><script>alert(document.cookie)</script>';
    const page = await openSignInPage(service, { state: hostile });
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&#60;script&#62;');
    expect(page.hidden.state).toBe(hostile);
  });

  test('a redirect_uri that is not registered goes to /error?error=redirect_mismatch, never to that URI', async () => {
    const hostile = 'https://evil.example/cb?<script>alert(1)</script>';
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: service.clientId,
      redirect_uri: hostile,
      state: 's',
    });
    for (const path of ['/oauth2/authorize', '/login']) {
      const response = await fetch(`${service.url}${path}?${query}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`/error?error=redirect_mismatch&client_id=${service.clientId}`);
      const page = await fetch(`${service.url}${response.headers.get('location')}`);
      expect(page.status).toBe(400);
      const html = await page.text();
      expect(html).toContain('An error was encountered with the requested page.');
      expect(html).toContain('redirect_mismatch');
      expect(html).not.toContain('<script>');
    }
  });

  test("a form posted without the sign-in page's CSRF cookie is refused", async () => {
    const page = await openSignInPage(service);
    const forged = await submitSignIn(service, { ...page, cookie: '' }, ALICE);
    expect(forged.status).toBe(400);
    expect(forged.location).toBeNull();
  });
});

describe('the sign-in form is bound to the authorize request it was shown for (CSRF)', () => {
  /** Posts page `from`'s CSRF cookie and token with the authorize parameters of page `to`. */
  const crossPost = (
    from: Awaited<ReturnType<typeof openSignInPage>>,
    to: Awaited<ReturnType<typeof openSignInPage>>,
  ) => submitSignIn(service, { ...to, cookie: from.cookie, hidden: { ...to.hidden, _csrf: from.csrf } }, ALICE);

  test('a token taken from one sign-in page does not work for another state', async () => {
    const first = await openSignInPage(service, { state: 'state-of-the-first-request' });
    const second = await openSignInPage(service, { state: 'state-of-the-second-request' });
    const crossed = await crossPost(first, second);
    expect([crossed.status, crossed.location]).toEqual([400, null]);
    expect(crossed.html).toContain('An error was encountered with the requested page.');
  });

  test('a token taken from one sign-in page does not work for another redirect_uri', async () => {
    const first = await openSignInPage(service, { redirectUri: SIMULATOR_CALLBACK });
    const second = await openSignInPage(service, { redirectUri: ALEXA_CALLBACK });
    const crossed = await crossPost(first, second);
    expect([crossed.status, crossed.location]).toEqual([400, null]);
  });

  test('a forged pair (cookie and field agree, but the service never issued the value) is refused', async () => {
    const page = await openSignInPage(service);
    const forgedToken = randomBytes(24).toString('base64url');
    const forged = await submitSignIn(
      service,
      { ...page, cookie: `XSRF-TOKEN=${forgedToken}`, hidden: { ...page.hidden, _csrf: forgedToken } },
      ALICE,
    );
    expect([forged.status, forged.location]).toEqual([400, null]);
  });

  test("another page's cookie with this page's token is refused", async () => {
    const first = await openSignInPage(service);
    const second = await openSignInPage(service);
    const mixed = await submitSignIn(service, { ...second, cookie: first.cookie }, ALICE);
    expect([mixed.status, mixed.location]).toEqual([400, null]);
  });

  test('the untouched form still signs in, also after a wrong password re-renders it', async () => {
    const page = await openSignInPage(service, { state: 'kept' });
    const wrong = await submitSignIn(service, page, { username: 'alice', password: 'nope' });
    expect(wrong.status).toBe(400);
    const retried = await submitSignIn(service, page, ALICE);
    expect(retried.status).toBe(302);
    expect(new URL(retried.location as string).searchParams.get('state')).toBe('kept');
  });
});

describe('logout', () => {
  test('redirects only to a registered logout_uri', async () => {
    const ok = await fetch(
      `${service.url}/logout?client_id=${service.clientId}&logout_uri=${encodeURIComponent('http://localhost:3001/')}`,
      { redirect: 'manual' },
    );
    expect([ok.status, ok.headers.get('location')]).toEqual([302, 'http://localhost:3001/']);
    const bad = await fetch(
      `${service.url}/logout?client_id=${service.clientId}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    expect([bad.status, bad.headers.get('location')]).toEqual([400, null]);
  });
});

test('userInfo refuses a missing or invalid bearer token with 401', async () => {
  const none = await fetch(`${service.url}/oauth2/userInfo`);
  expect(none.status).toBe(401);
  const bad = await fetch(`${service.url}/oauth2/userInfo`, {
    headers: { authorization: `Bearer ${randomBytes(8).toString('hex')}` },
  });
  expect(bad.status).toBe(401);
  expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
});
