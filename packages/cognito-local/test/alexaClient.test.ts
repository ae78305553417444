import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeJwt } from 'jose';
import { BaseClient, Issuer } from 'openid-client';
import { RunningIdentityService } from '../src';
import { ALICE, basicAuth, cognitoClient, openSignInUrl, postForm, startService, submitSignIn } from './clients';

/**
 * The app client a deploy makes for Alexa account linking, made through CreateUserPoolClient, then used
 * end to end the way Alexa uses it: Hosted UI sign-in for each of Alexa's redirect URLs, code exchange
 * with HTTP Basic, refresh, GetUser. The client's own settings (ReadAttributes, scopes, flows, token
 * validities) decide what every answer carries.
 */
const VENDOR = 'M2TESTVENDOR';
const ALEXA_REDIRECTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
  (host) => `https://${host}/api/skill/link/${VENDOR}`,
);
const SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

let service: RunningIdentityService;
let sdk: CognitoIdentityProviderClient;
let alexa: { id: string; secret: string };

beforeAll(async () => {
  service = await startService();
  sdk = cognitoClient(service);
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: service.userPoolId,
      ClientName: 'alexa-account-linking',
      GenerateSecret: true,
      CallbackURLs: ALEXA_REDIRECTS,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: SCOPES,
      SupportedIdentityProviders: ['COGNITO'],
      ReadAttributes: ['email', 'name'],
      AccessTokenValidity: 10,
      IdTokenValidity: 20,
      RefreshTokenValidity: 3650,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  alexa = { id: UserPoolClient?.ClientId as string, secret: UserPoolClient?.ClientSecret as string };
});
afterAll(async () => {
  sdk.destroy();
  await service.close();
});

const authorizeUrl = (query: Record<string, string>) =>
  `${service.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: alexa.id, state: 'linking-state', ...query })}`;

/** Alexa's side: the user signs in at the Hosted UI; the code comes back to the redirect URL. */
async function linkAt(redirectUri: string, scope = SCOPES.join(' '), clientId = alexa.id) {
  const page = await openSignInUrl(authorizeUrl({ redirect_uri: redirectUri, scope, client_id: clientId }));
  const back = await submitSignIn(service, page, ALICE);
  expect(back.status).toBe(302);
  const location = new URL(back.location as string);
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get('state')).toBe('linking-state');
  return location.searchParams.get('code') as string;
}

const tokenRequest = (fields: Record<string, string>, authorization = basicAuth(alexa.id, alexa.secret)) =>
  postForm(`${service.url}/oauth2/token`, fields, { authorization });

describe('an Alexa app client made with CreateUserPoolClient', () => {
  test.each(ALEXA_REDIRECTS)('links at %s: code exchange with HTTP Basic, refresh, GetUser', async (redirectUri) => {
    const code = await linkAt(redirectUri);
    const exchanged = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const { access_token, id_token, refresh_token } = exchanged.body;
    // Its token validities: access 10 minutes, ID 20 minutes.
    const access = decodeJwt(access_token);
    expect([access.client_id, access.scope, (access.exp as number) - (access.iat as number)]).toEqual([
      alexa.id,
      SCOPES.join(' '),
      600,
    ]);
    const id = decodeJwt(id_token);
    expect((id.exp as number) - (id.iat as number)).toBe(1200);

    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();

    // ReadAttributes [email, name]: GetUser and the ID token carry those (and sub), nothing else.
    const user = await sdk.send(new GetUserCommand({ AccessToken: refreshed.body.access_token }));
    expect(Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]))).toEqual({
      sub: expect.any(String),
      email: ALICE.email,
      name: ALICE.name,
    });
    expect(id).toMatchObject({ email: ALICE.email, name: ALICE.name, aud: alexa.id });
    expect(id).not.toHaveProperty('email_verified');
  });

  test('a made-up code with the right client is invalid_grant', async () => {
    const answer = await tokenRequest({
      grant_type: 'authorization_code',
      code: 'made-up-code',
      redirect_uri: ALEXA_REDIRECTS[0],
    });
    expect([answer.status, answer.body.error]).toEqual([400, 'invalid_grant']);
  });

  test('a wrong secret, or an auth scheme the token endpoint does not take, is 401 invalid_client', async () => {
    const code = await linkAt(ALEXA_REDIRECTS[0]);
    const fields = { grant_type: 'authorization_code', code, redirect_uri: ALEXA_REDIRECTS[0] };
    for (const authorization of [
      basicAuth(alexa.id, 'wrong-secret'),
      `Bearer ${alexa.secret}`,
      `Digest username="${alexa.id}"`,
    ]) {
      const answer = await tokenRequest(fields, authorization);
      expect([answer.status, answer.body.error]).toEqual([401, 'invalid_client']);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
    // Refused client authentication spends nothing: the code still works for the right client.
    expect((await tokenRequest(fields)).status).toBe(200);
  });

  test('a redirect URL of another vendor is redirect_mismatch', async () => {
    const response = await fetch(authorizeUrl({ redirect_uri: 'https://pitangui.amazon.com/api/skill/link/OTHER' }), {
      redirect: 'manual',
    });
    expect(response.headers.get('location')).toBe(`/error?error=redirect_mismatch&client_id=${alexa.id}`);
  });

  test('openid-client links and refreshes with it too', async () => {
    const issuer = await Issuer.discover(`${service.url}/${service.userPoolId}`);
    const client: BaseClient = new issuer.Client({
      client_id: alexa.id,
      client_secret: alexa.secret,
      redirect_uris: [ALEXA_REDIRECTS[1]],
    });
    const code = await linkAt(ALEXA_REDIRECTS[1]);
    const tokens = await client.callback(
      ALEXA_REDIRECTS[1],
      { code, state: 'linking-state' },
      { state: 'linking-state' },
    );
    expect(tokens.claims()).toMatchObject({ email: ALICE.email, 'cognito:username': 'alice' });
    expect((await client.refresh(tokens.refresh_token as string)).access_token).toBeDefined();
    expect(await client.userinfo(tokens.access_token as string)).toEqual({
      sub: expect.any(String),
      email: ALICE.email,
      name: ALICE.name,
      username: 'alice',
    });
  });
});

describe("the seeded client's scopes, flows and ReadAttributes", () => {
  const seeded = (query: Record<string, string>) =>
    fetch(
      `${service.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: service.clientId, redirect_uri: 'http://localhost:3001/callback', state: 's1', ...query })}`,
      { redirect: 'manual' },
    );
  const errorOf = async (response: Response) => {
    const location = new URL(response.headers.get('location') as string);
    return [
      `${location.origin}${location.pathname}`,
      location.searchParams.get('error'),
      location.searchParams.get('state'),
    ];
  };

  test.each([
    ['a scope the client does not allow', { scope: 'openid phone' }, 'invalid_scope'],
    ['email without openid', { scope: 'email aws.cognito.signin.user.admin' }, 'invalid_scope'],
    ['response_type=token on a code-only client', { response_type: 'token' }, 'unauthorized_client'],
    ['a PKCE challenge without its method', { code_challenge: 'x'.repeat(43) }, 'invalid_request'],
  ])('%s goes back to the redirect_uri as %s', async (_case, query, error) => {
    expect(await errorOf(await seeded(query))).toEqual(['http://localhost:3001/callback', error, 's1']);
  });

  async function tokensFor(scope: string) {
    const page = await openSignInUrl(
      `${service.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: service.clientId, redirect_uri: 'http://localhost:3001/callback', scope })}`,
    );
    const code = new URL((await submitSignIn(service, page, ALICE)).location as string).searchParams.get(
      'code',
    ) as string;
    const auth = basicAuth(service.clientId, service.clientSecret);
    return (
      await postForm(
        `${service.url}/oauth2/token`,
        { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3001/callback' },
        { authorization: auth },
      )
    ).body;
  }
  const userInfo = async (accessToken: string) =>
    (await fetch(`${service.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json();

  test('GetUser refuses an access token without aws.cognito.signin.user.admin', async () => {
    const { access_token } = await tokensFor('openid email');
    await expect(sdk.send(new GetUserCommand({ AccessToken: access_token }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
  });

  test('userInfo releases attributes by scope: email, profile, or (openid alone) all the client may read', async () => {
    const sub = expect.any(String);
    expect(await userInfo((await tokensFor('openid email')).access_token)).toEqual({
      sub,
      email: ALICE.email,
      email_verified: 'true',
      username: 'alice',
    });
    expect(await userInfo((await tokensFor('openid profile')).access_token)).toEqual({
      sub,
      name: ALICE.name,
      username: 'alice',
    });
    expect(await userInfo((await tokensFor('openid')).access_token)).toEqual({
      sub,
      email: ALICE.email,
      email_verified: 'true',
      name: ALICE.name,
      username: 'alice',
    });
  });

  test('an attribute outside ReadAttributes is not read through the client (AdminGetUser still shows it)', async () => {
    const pool = { UserPoolId: service.userPoolId, Username: 'lena' };
    await sdk.send(
      new AdminCreateUserCommand({
        ...pool,
        UserAttributes: [
          { Name: 'locale', Value: 'de-DE' },
          { Name: 'name', Value: 'Lena' },
        ],
      }),
    );
    await sdk.send(new AdminSetUserPasswordCommand({ ...pool, Password: 'Lena-Demo-1!', Permanent: true }));
    const page = await openSignInUrl(
      `${service.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: service.clientId, redirect_uri: 'http://localhost:3001/callback' })}`,
    );
    const code = new URL(
      (await submitSignIn(service, page, { username: 'lena', password: 'Lena-Demo-1!' })).location as string,
    ).searchParams.get('code') as string;
    const auth = basicAuth(service.clientId, service.clientSecret);
    const { access_token } = (
      await postForm(
        `${service.url}/oauth2/token`,
        { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3001/callback' },
        { authorization: auth },
      )
    ).body;
    const names = (await sdk.send(new GetUserCommand({ AccessToken: access_token }))).UserAttributes?.map(
      (a) => a.Name,
    );
    expect(names).toEqual(['sub', 'name']);
    const adminView = await sdk.send(new AdminGetUserCommand(pool));
    expect(adminView.UserAttributes?.map((a) => a.Name)).toEqual(['sub', 'locale', 'name']);
  });
});
