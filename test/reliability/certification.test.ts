/**
 * Amazon's functional certification items that apply to this skill, as conversations: Help, Stop
 * and Cancel work in every state a user can be in; no answer leaves the user hanging (words, an
 * open session always has a reprompt, a question never ends the session); the session ends when it
 * should; the LinkAccount card points to the Alexa app; linking works again after unlink/relink.
 * Runs through the real HTTP server against the real identity service.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { GlobalSignOutCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, importJWK, KeyLike, SignJWT } from 'jose';
import { accountLinkedEvent } from '../support/alexaEnvelopes';
import { AlexaResponse, Conversation, repromptOf, SendEnvelope, speechOf, viaHttp } from '../support/conversation';
import { ALICE, signIn } from '../support/identity';
import { closedPort } from './support/http';
import { captureLogs, LogCapture } from './support/logCapture';
import { poolSigningKey, Stack, startStack } from './support/stack';
import { rendered } from '../support/expectedText';

let stack: Stack;
let logs: LogCapture;
let send: SendEnvelope;
let sendUnavailable: SendEnvelope;
let aliceToken: string;
let expiredToken: string;

beforeAll(async () => {
  logs = captureLogs();
  stack = await startStack(logs);
  send = viaHttp(stack.skill.webhookUrl);
  // Cognito unavailable, for every turn and every token: the skill's Cognito endpoint is a closed port.
  const unavailable = await stack.startSkill({ COGNITO_API_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
  sendUnavailable = viaHttp(unavailable.webhookUrl);
  aliceToken = (await signIn(stack.identity, ALICE)).accessToken;
  const jwk = poolSigningKey(stack.dataDir);
  const now = Math.floor(Date.now() / 1000);
  expiredToken = await new SignJWT({ ...decodeJwt(aliceToken), iat: now - 7200, exp: now - 60 })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign((await importJWK(jwk, 'RS256')) as KeyLike);
});

afterAll(async () => {
  logs?.restore();
  await stack?.close();
});

interface UserState {
  name: string;
  conversation(): Conversation;
}

const STATES: UserState[] = [
  { name: 'not linked', conversation: () => new Conversation(send, { locale: 'en-US' }) },
  { name: 'linked', conversation: () => new Conversation(send, { locale: 'en-US', accessToken: aliceToken }) },
  {
    name: 'linked, inside the profile component',
    conversation: () =>
      new Conversation(send, { locale: 'en-US', accessToken: aliceToken }).startIn('ProfileComponent'),
  },
  {
    name: 'not linked, inside the profile component',
    conversation: () => new Conversation(send, { locale: 'en-US' }).startIn('ProfileComponent'),
  },
  {
    name: 'link expired (relink needed)',
    conversation: () => new Conversation(send, { locale: 'en-US', accessToken: expiredToken }),
  },
  {
    name: 'Cognito unavailable',
    conversation: () => new Conversation(sendUnavailable, { locale: 'en-US', accessToken: aliceToken }),
  },
];

/**
 * No dead ends: the user hears words (never the "something went wrong" answer); a session that stays
 * open has a reprompt; a question never ends the session; an answer asking to link comes with the
 * LinkAccount card.
 */
/** The answers that ask the user to link their account in the Alexa app. */
const LINKING_KEYS = ['linking.launch', 'linking.notLinked', 'linking.relinkNeeded'];

function expectNoDeadEnd(response: AlexaResponse) {
  const words = speechOf(response);
  expect(words).not.toBe('');
  expect(words).not.toMatch(/something went wrong/);
  if (response.response.shouldEndSession === false) expect(repromptOf(response)).not.toBe('');
  if (words.endsWith('?')) expect(response.response.shouldEndSession).toBe(false);
  if (LINKING_KEYS.some((key) => words === rendered('en-US', key))) {
    expect(response.response.card).toEqual({ type: 'LinkAccount' });
  }
}

const TURNS: [string, (conversation: Conversation) => Promise<AlexaResponse>][] = [
  ['opening the skill', (conversation) => conversation.launch()],
  ['saying something unexpected', (conversation) => conversation.ask('AMAZON.FallbackIntent')],
  [
    'asking for their email',
    (conversation) => conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' }),
  ],
  ['saying hello', (conversation) => conversation.ask('HelloWorldIntent')],
];

describe.each(STATES.map((state) => [state.name, state] as const))('a user who is %s', (_name, state) => {
  test('gets help that keeps the session open with a reprompt', async () => {
    const response = await state.conversation().ask('AMAZON.HelpIntent');
    expect(speechOf(response)).toMatch(/\?$/);
    expect(speechOf(response)).not.toMatch(/something went wrong/);
    expect(response.response.shouldEndSession).toBe(false);
    expect(repromptOf(response)).not.toBe('');
  });

  test.each(['AMAZON.StopIntent', 'AMAZON.CancelIntent'])(
    'can leave with %s: goodbye, session ends',
    async (intent) => {
      const response = await state.conversation().ask(intent);
      expect(speechOf(response)).toBe('Goodbye!');
      expect(response.response.shouldEndSession).toBe(true);
      expect(response.response.card).toBeUndefined();
    },
  );

  test.each(TURNS)('is not left hanging after %s', async (_what, turn) => {
    expectNoDeadEnd(await turn(state.conversation()));
  });

  test('gets no speech when Alexa ends the session', async () => {
    const response = await state.conversation().end('USER_INITIATED');
    expect(response.response.outputSpeech).toBeUndefined();
  });
});

describe('the LinkAccount card', () => {
  test.each([
    ['opening the skill unlinked', () => new Conversation(send, { locale: 'en-US' }).launch()],
    [
      'asking for the email unlinked',
      () =>
        new Conversation(send, { locale: 'en-US' }).ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' }),
    ],
    [
      'opening the skill with an expired link',
      () => new Conversation(send, { locale: 'en-US', accessToken: expiredToken }).launch(),
    ],
  ])('after %s: Alexa says to link in the Alexa app, shows the card and ends the session', async (_name, turn) => {
    const response = await turn();
    expect(LINKING_KEYS.map((key) => rendered('en-US', key))).toContain(speechOf(response));
    expect(response.response.card).toEqual({ type: 'LinkAccount' });
    expect(response.response.shouldEndSession).toBe(true);
  });

  test.each([
    ['de-DE', /Alexa[- ]App/],
    ['es-ES', /aplicación Alexa|app de Alexa/],
  ])('in %s names the Alexa app in the user’s language', async (locale, appName) => {
    const response = await new Conversation(send, { locale }).launch();
    expect(speechOf(response)).toBe(rendered(locale, 'linking.launch'));
    expect(speechOf(response)).toMatch(appName);
    expect(response.response.card).toEqual({ type: 'LinkAccount' });
  });
});

describe('unlink and relink', () => {
  test('after unlinking mid-session (Alexa forgets the tokens), the next turn asks to link and the session forgets Alice', async () => {
    const conversation = new Conversation(send, { locale: 'en-US', accessToken: aliceToken });
    expect(speechOf(await conversation.launch())).toBe(rendered('en-US', 'welcome.linked', { name: ALICE.name }));
    conversation.accessToken = undefined;
    const response = await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(speechOf(response)).toBe(rendered('en-US', 'linking.notLinked'));
    expect(response.response.card).toEqual({ type: 'LinkAccount' });
    expect(response.response.shouldEndSession).toBe(true);
    expect(JSON.stringify(response)).not.toMatch(/alice|Alice Smith/);
    const next = await new Conversation(send, { locale: 'en-US' }).launch();
    expect(speechOf(next)).toBe(rendered('en-US', 'linking.launch'));
    expect(next.response.card).toEqual({ type: 'LinkAccount' });
  });

  test('after a GlobalSignOut the old token asks to relink, and the token from linking again works', async () => {
    const client = new CognitoIdentityProviderClient({
      region: stack.identity.region,
      endpoint: stack.identity.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const old = (await signIn(stack.identity, ALICE)).accessToken;
      await client.send(new GlobalSignOutCommand({ AccessToken: old }));
      const revoked = await new Conversation(send, { locale: 'en-US', accessToken: old }).launch();
      expect(speechOf(revoked)).toMatch(/^Your account link has expired or was removed/);
      expect(revoked.response.card).toEqual({ type: 'LinkAccount' });

      const relinked = (await signIn(stack.identity, ALICE)).accessToken;
      const event = await send(accountLinkedEvent(relinked));
      expect(event.response.outputSpeech).toBeUndefined();
      const welcome = await new Conversation(send, { locale: 'en-US', accessToken: relinked }).launch();
      expect(speechOf(welcome)).toBe(rendered('en-US', 'welcome.linked', { name: ALICE.name }));
      expect(welcome.response.shouldEndSession).toBe(false);
    } finally {
      client.destroy();
    }
  });
});
