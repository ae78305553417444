/**
 * A token that is not a current access token our pool issued to our app client, for a user who
 * still may sign in, never makes anyone "linked". Every abused token is answered with the linking
 * explanation and a LinkAccount card, and a token that local verification can reject costs no
 * GetUser call (counted at the identity service). Runs through the real HTTP server.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  JWTPayload,
  KeyLike,
  SignJWT,
} from 'jose';
import { AlexaResponse, Conversation, SendEnvelope, speechOf, viaHttp } from '../support/conversation';
import { ALICE, BOB, signIn } from '../support/identity';
import { captureLogs, LogCapture, secretsIn } from './support/logCapture';
import { poolSigningKey, Stack, startStack } from './support/stack';
import { rendered } from '../support/expectedText';

const NOT_LINKED =
  "To do that, I need to know who you are. Please link your account in the Alexa app. I've sent a card there to help you.";
const RELINK =
  "Your account link has expired or was removed. Please link your account again in the Alexa app. I've sent a card there to help you.";

let stack: Stack;
let logs: LogCapture;
let send: SendEnvelope;
let cognito: CognitoIdentityProviderClient;
let poolKey: KeyLike;
let kid: string;
let genuine: { accessToken: string; refreshToken?: string; idToken?: string };
const usedTokens: string[] = [];

beforeAll(async () => {
  logs = captureLogs();
  stack = await startStack(logs);
  send = viaHttp(stack.skill.webhookUrl);
  cognito = new CognitoIdentityProviderClient({
    region: stack.identity.region,
    endpoint: stack.identity.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const jwk = poolSigningKey(stack.dataDir);
  poolKey = (await importJWK(jwk, 'RS256')) as KeyLike;
  kid = jwk.kid;
  genuine = await signIn(stack.identity, ALICE);
});

afterAll(async () => {
  logs?.restore();
  cognito?.destroy();
  await stack?.close();
});

function genuineClaims(): JWTPayload {
  return decodeJwt(genuine.accessToken);
}

const now = () => Math.floor(Date.now() / 1000);

async function signedByPool(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(poolKey);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The user asks for their email address with this token; what do they hear, and did Cognito get asked? */
async function askWith(token: string): Promise<{ response: AlexaResponse; getUserCalls: number }> {
  usedTokens.push(token);
  const before = stack.identity.stats().getUserCalls;
  const response = await new Conversation(send, { locale: 'en-US', accessToken: token }).ask('RequestInfoIntent', {
    value: 'email',
    id: 'emailAddress',
  });
  return { response, getUserCalls: stack.identity.stats().getUserCalls - before };
}

function expectLinkAccountAnswer(response: AlexaResponse, speech: string, auth: string) {
  expect(speechOf(response)).toBe(speech);
  expect(response.response.card?.type).toBe('LinkAccount');
  expect(response.response.shouldEndSession).toBe(true);
  expect(response.sessionAttributes?.data?.auth).toBe(auth);
  expect(response.sessionAttributes?.data?.user).toBeUndefined();
}

const rejectedLocally: [string, () => Promise<string>][] = [
  [
    'a forged signature',
    async () => {
      const [header, payload, signature] = genuine.accessToken.split('.');
      return `${header}.${payload}.${signature.split('').reverse().join('')}`;
    },
  ],
  [
    'claims changed after signing (another username)',
    async () => {
      const [header, , signature] = genuine.accessToken.split('.');
      return `${header}.${base64url({ ...genuineClaims(), username: 'bob' })}.${signature}`;
    },
  ],
  [
    'a signature by another RSA key under the pool’s kid',
    async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT(genuineClaims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    },
  ],
  ['alg "none"', async () => `${base64url({ alg: 'none', kid, typ: 'JWT' })}.${base64url(genuineClaims())}.`],
  [
    'HS256 keyed with the pool’s public key (algorithm confusion)',
    async () => {
      const publicJwk = await exportJWK((await importJWK(poolSigningKey(stack.dataDir), 'RS256')) as KeyLike);
      return new SignJWT(genuineClaims())
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode(String(publicJwk.n)));
    },
  ],
  ['not valid yet (nbf 10 minutes ahead)', () => signedByPool({ ...genuineClaims(), nbf: now() + 600 })],
  [
    'signed by the pool but without exp (it would be trusted forever)',
    () => {
      const claims = genuineClaims();
      delete claims.exp;
      return signedByPool(claims);
    },
  ],
  [
    'another app client’s client_id',
    () => signedByPool({ ...genuineClaims(), client_id: 'someoneelsesclient000000001' }),
  ],
  [
    'another user pool’s issuer',
    () => signedByPool({ ...genuineClaims(), iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool' }),
  ],
  ['an ID token instead of an access token', async () => genuine.idToken ?? ''],
  ['a refresh token instead of an access token', async () => genuine.refreshToken ?? ''],
  ['a truncated token', async () => genuine.accessToken.slice(0, Math.floor(genuine.accessToken.length / 2))],
  ['garbage', async () => 'not-a-token'],
  ['random bytes', async () => randomBytes(96).toString('base64')],
  ['a 100 KB token', async () => `${genuine.accessToken}${'A'.repeat(100 * 1024)}`],
  ['a 100 KB JWT-shaped string', async () => `eyJ${'A'.repeat(50 * 1024)}.eyJ${'B'.repeat(50 * 1024)}.c2ln`],
];

test('the genuine token, for contrast, links Alice (before GlobalSignOut below ends all her sessions)', async () => {
  const { response } = await askWith(genuine.accessToken);
  expect(speechOf(response)).toBe(rendered('en-US', 'infoType.emailAddress.value', { value: ALICE.email }));
});

describe('a token local verification rejects: not linked, LinkAccount card, no GetUser call', () => {
  test.each(rejectedLocally)('%s', async (_name, makeToken) => {
    const token = await makeToken();
    expect(token).not.toBe('');
    const { response, getUserCalls } = await askWith(token);
    expectLinkAccountAnswer(response, NOT_LINKED, 'not-linked');
    expect(getUserCalls).toBe(0);
  });

  test('an expired token (signed by the pool) asks to relink, with no GetUser call', async () => {
    const { response, getUserCalls } = await askWith(
      await signedByPool({ ...genuineClaims(), iat: now() - 7200, exp: now() - 60 }),
    );
    expectLinkAccountAnswer(response, RELINK, 'relink-needed');
    expect(getUserCalls).toBe(0);
  });

  test('the kid really is the pool’s, so the rejections above are about the signature and claims', () => {
    expect(decodeProtectedHeader(genuine.accessToken).kid).toBe(kid);
  });
});

describe('a token only Cognito can reject: relink needed after exactly one GetUser call', () => {
  test('revoked by GlobalSignOut', async () => {
    const { accessToken } = await signIn(stack.identity, ALICE);
    await cognito.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    const { response, getUserCalls } = await askWith(accessToken);
    expectLinkAccountAnswer(response, RELINK, 'relink-needed');
    expect(getUserCalls).toBe(1);
  });

  test('of a user the pool has disabled', async () => {
    const { accessToken } = await signIn(stack.identity, BOB);
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.identity.userPoolId, Username: BOB.username }));
    const { response, getUserCalls } = await askWith(accessToken);
    expectLinkAccountAnswer(response, RELINK, 'relink-needed');
    expect(getUserCalls).toBe(1);
  });
});

test('the logs of the abuse run hold no token, email address or password', () => {
  const secrets = {
    tokens: [
      genuine.accessToken,
      genuine.refreshToken ?? '',
      genuine.idToken ?? '',
      ...usedTokens.filter((t) => t.includes('.')),
    ],
    emails: [ALICE.email, BOB.email],
    passwords: [ALICE.password, BOB.password],
  };
  expect(secretsIn(logs.text(), secrets)).toEqual([]);
});
