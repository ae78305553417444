import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EngineOptions, SimulatorEngine } from '../src/engine';
import { LinkStateMismatchError, TokenRequestError } from '../src/errors';

/**
 * What the simulator does as Alexa, seen from the other side of the wire: a recording skill endpoint
 * and a recording token endpoint on real sockets. Their answers are scripted per test, so each Alexa
 * rule (session, linking, refresh) is checked against exactly what it sent.
 */
interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const received: Recorded[] = [];
let skillAnswer: Record<string, unknown> = {};
let tokenAnswers: { status: number; json: Record<string, unknown> }[] = [];
let server: Server;
let origin: string;

const CLIENT_ID = 'cafe client';
const CLIENT_SECRET = 'secret+/=&ä';
const linking = () => ({
  type: 'AUTH_CODE' as const,
  authorizationUrl: `${origin}/authorize`,
  accessTokenUrl: `${origin}/token`,
  clientId: CLIENT_ID,
  scopes: ['openid', 'profile'],
  accessTokenScheme: 'HTTP_BASIC' as const,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const answer = req.url === '/token' ? (tokenAnswers.shift() ?? { status: 400, json: {} }) : undefined;
      res.writeHead(answer?.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer?.json ?? { version: '1.0', ...skillAnswer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function engine(options: Partial<EngineOptions> = {}): SimulatorEngine {
  received.length = 0;
  return new SimulatorEngine({
    skillEndpoint: `${origin}/skill`,
    skillId: 'amzn1.ask.skill.cafe',
    models: { dir: join(__dirname, 'fixtures', 'alexa') },
    accountLinking: linking(),
    clientSecret: CLIENT_SECRET,
    redirectUri: 'http://localhost:3001/callback',
    ...options,
  });
}

const sent = (path: string) => received.filter((request) => request.path === path);
const envelopeOf = (request: Recorded) => JSON.parse(request.body);
const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

/** Starts linking and comes back from the sign-in page with a code, as the browser would. */
async function link(alexa: SimulatorEngine, tokens: Record<string, unknown>) {
  const state = new URL(alexa.link.beginAuthorization()).searchParams.get('state') ?? '';
  tokenAnswers = [{ status: 200, json: tokens }];
  return alexa.completeLink(new URLSearchParams({ code: 'the-code', state }));
}

describe('a session, as Alexa keeps it', () => {
  it('is new on the first request only, echoes the attributes back, and ends when the skill leaves shouldEndSession out', async () => {
    const alexa = engine();
    skillAnswer = { sessionAttributes: { cups: 1 }, response: { shouldEndSession: false } };
    await alexa.turn('open corner cafe');
    skillAnswer = {
      sessionAttributes: { cups: 2 },
      response: { outputSpeech: { type: 'SSML', ssml: '<speak>Tea &amp; cake</speak>' } },
    };
    const second = await alexa.turn('order a chai');
    await alexa.turn('where is my order');

    const [first, next, third] = sent('/skill').map(envelopeOf);
    expect(first.session).toMatchObject({ new: true, attributes: {} });
    expect(next.session).toMatchObject({ new: false, sessionId: first.session.sessionId, attributes: { cups: 1 } });
    expect(second).toMatchObject({ speech: 'Tea & cake', shouldEndSession: true });
    expect(third.session.new).toBe(true);
    expect(third.session.sessionId).not.toBe(first.session.sessionId);
  });
});

describe('account linking, as Alexa runs the authorization-code grant', () => {
  it("opens the authorization URL with Alexa's parameters and a fresh state each time", () => {
    const alexa = engine();
    const url = new URL(alexa.link.beginAuthorization());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: 'http://localhost:3001/callback',
      state: expect.stringMatching(/^[\w-]{32}$/),
      scope: 'openid profile',
    });
    expect(new URL(alexa.link.beginAuthorization()).searchParams.get('state')).not.toBe(url.searchParams.get('state'));
  });

  it('refuses a redirect with a state it never sent, and asks the token endpoint nothing', async () => {
    const alexa = engine();
    alexa.link.beginAuthorization();
    const forged = alexa.completeLink(new URLSearchParams({ code: 'stolen', state: 'forged' }));
    await expect(forged).rejects.toBeInstanceOf(LinkStateMismatchError);
    expect(sent('/token')).toEqual([]);
  });

  it('exchanges the code with HTTP Basic (id and secret form-encoded), then sends SkillAccountLinked with the token', async () => {
    const alexa = engine();
    const event = await link(alexa, { access_token: jwt({ username: 'ann' }), refresh_token: 'r1', expires_in: 3600 });
    const [exchange] = sent('/token');
    const basic = Buffer.from('cafe+client:secret%2B%2F%3D%26%C3%A4');
    expect(exchange.headers.authorization).toBe(`Basic ${basic.toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(exchange.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://localhost:3001/callback',
    });
    expect(event).toMatchObject({ requestType: 'AlexaSkillEvent.SkillAccountLinked', linked: true });
    expect(envelopeOf(sent('/skill')[0]).context.System.user.accessToken).toBe(jwt({ username: 'ann' }));
    expect(alexa.link.status()).toMatchObject({ linked: true, username: 'ann', refreshCount: 0 });
  });

  it('sends the credentials in the body for REQUEST_BODY_CREDENTIALS', async () => {
    const alexa = engine({ accountLinking: { ...linking(), accessTokenScheme: 'REQUEST_BODY_CREDENTIALS' } });
    await link(alexa, { access_token: 'a', expires_in: 3600 });
    const [exchange] = sent('/token');
    expect(exchange.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(exchange.body).get('client_secret')).toBe(CLIENT_SECRET);
  });

  it('refreshes the token before it expires, keeping the refresh token Cognito does not rotate', async () => {
    const alexa = engine({ refreshSkewSeconds: 1 });
    await link(alexa, { access_token: 'first', refresh_token: 'r1', expires_in: 2 });
    tokenAnswers = [{ status: 200, json: { access_token: 'second', expires_in: 2 } }];
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const turn = await alexa.turn('where is my order');
    expect(Object.fromEntries(new URLSearchParams(sent('/token')[1].body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'r1',
    });
    expect(turn).toMatchObject({ refreshed: true, linked: true });
    expect(envelopeOf(sent('/skill').at(-1) as Recorded).session.user.accessToken).toBe('second');
    expect(alexa.link.status().refreshCount).toBe(1);
  });

  it('unlinks when the refresh is refused: the request goes out without a token', async () => {
    const alexa = engine({ refreshSkewSeconds: 1 });
    await link(alexa, { access_token: 'first', refresh_token: 'revoked', expires_in: 2 });
    tokenAnswers = [{ status: 400, json: { error: 'invalid_grant' } }];
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const turn = await alexa.turn('where is my order');
    expect(turn).toMatchObject({ refreshed: false, linked: false });
    expect(envelopeOf(sent('/skill').at(-1) as Recorded).session.user.accessToken).toBeUndefined();
    expect(alexa.link.status()).toMatchObject({ linked: false, lastError: expect.stringContaining('invalid_grant') });
    expect(
      alexa
        .transcript()
        .map((entry) => entry.note)
        .filter(Boolean),
    ).toEqual([
      'Token refresh failed (token endpoint answered 400 invalid_grant).',
      'Account unlinked: tokens forgotten.',
    ]);
  });

  it('reports a refused code exchange as a TokenRequestError with the OAuth error', async () => {
    const alexa = engine();
    const state = new URL(alexa.link.beginAuthorization()).searchParams.get('state') ?? '';
    tokenAnswers = [{ status: 401, json: { error: 'invalid_client' } }];
    const failure = await alexa.completeLink(new URLSearchParams({ code: 'c', state })).catch((error) => error);
    expect(failure).toBeInstanceOf(TokenRequestError);
    expect(failure.oauthError).toBe('invalid_client');
    expect(alexa.link.status().linked).toBe(false);
  });
});
