import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { JwtExpiredError, JwtInvalidSignatureError } from 'aws-jwt-verify/error';
import { decodeProtectedHeader } from 'jose';
import { RunningIdentityService } from '../src';
import { ALICE, cognitoClient, signIn, startService, verifierFor } from './clients';

let service: RunningIdentityService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe("tokens are shaped and signed like Cognito's", () => {
  test("the access token verifies with aws-jwt-verify's CognitoJwtVerifier and has Cognito's claims", async () => {
    const client = cognitoClient(service);
    const { accessToken } = await signIn(client, service, ALICE);
    client.destroy();
    const claims = await (await verifierFor(service, 'access')).verify(accessToken);
    expect(claims).toMatchObject({
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool',
      client_id: 'localskillclient0000000001',
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: 'alice',
    });
    for (const claim of ['sub', 'auth_time', 'iat', 'exp', 'jti', 'origin_jti', 'event_id'])
      expect(claims).toHaveProperty(claim);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
  });

  test('the ID token carries email, name and cognito:username for the app client', async () => {
    const client = cognitoClient(service);
    const { idToken } = await signIn(client, service, ALICE);
    client.destroy();
    const claims = await (await verifierFor(service, 'id')).verify(idToken);
    expect(claims).toMatchObject({
      aud: service.clientId,
      token_use: 'id',
      email: ALICE.email,
      email_verified: true,
      name: ALICE.name,
      'cognito:username': 'alice',
    });
  });

  test('a token with a forged payload fails signature verification', async () => {
    const client = cognitoClient(service);
    const { accessToken } = await signIn(client, service, ALICE);
    client.destroy();
    const [header, payload, signature] = accessToken.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), scope: 'admin' }),
    ).toString('base64url');
    await expect(
      (await verifierFor(service, 'access')).verify(`${header}.${forged}.${signature}`),
    ).rejects.toBeInstanceOf(JwtInvalidSignatureError);
  });

  test("the discovery document names the Cognito issuer and this service's endpoints", async () => {
    const response = await fetch(`${service.url}/${service.userPoolId}/.well-known/openid-configuration`);
    const document = await response.json();
    expect(document).toMatchObject({
      issuer: service.issuer,
      jwks_uri: service.jwksUri,
      authorization_endpoint: `${service.url}/oauth2/authorize`,
      token_endpoint: `${service.url}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    const jwks = await (await fetch(service.jwksUri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d'); // never the private half
  });
});

describe('token lifetimes are configurable so expiry can be tested in seconds', () => {
  let shortLived: RunningIdentityService;
  beforeAll(async () => {
    shortLived = await startService({ accessTokenTtlSeconds: 1 });
  });
  afterAll(() => shortLived.close());

  test('an expired access token is rejected by aws-jwt-verify and by GetUser ("Access Token has expired")', async () => {
    const client = cognitoClient(shortLived);
    try {
      const { accessToken } = await signIn(client, shortLived, ALICE);
      expect((await client.send(new GetUserCommand({ AccessToken: accessToken }))).Username).toBe('alice');
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await expect((await verifierFor(shortLived, 'access')).verify(accessToken)).rejects.toBeInstanceOf(
        JwtExpiredError,
      );
      await expect(client.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
    } finally {
      client.destroy();
    }
  });
});
