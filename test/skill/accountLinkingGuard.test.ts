/**
 * The account-linking guard: a user without a usable link hears why and gets a LinkAccount card,
 * wherever they are in the dialogue; Help, Stop, Cancel, Fallback and session end keep working.
 */
import { SignJWT, importJWK, decodeProtectedHeader } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { Conversation, repromptOf, SendEnvelope, speechOf, viaTestSuite } from '../support/conversation';
import { ALICE, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';

const LINK_CARD = { type: 'LinkAccount' };
let identity: RunningIdentity;
let send: SendEnvelope;

beforeAll(async () => {
  // Access tokens live 2 s here, so a test can hold one past its expiry.
  identity = await startTestIdentity({ accessTokenTtlSeconds: 2 });
  send = viaTestSuite(createApp(skillConfigFor(identity), { logger: createLogger({ level: 'silent' }) }), 'en-US');
});
afterAll(() => identity?.close());

const unlinked = () => new Conversation(send, { locale: 'en-US' });

describe('a user who has not linked their account', () => {
  test('opening the skill explains linking, sends the LinkAccount card and ends the session', async () => {
    const response = await unlinked().launch();
    expect(speechOf(response)).toMatch(/^Welcome to Profile Keeper\. .*Please link your account in the Alexa app\./);
    expect(response.response.card).toEqual(LINK_CARD);
    expect(response.response.shouldEndSession).toBe(true);
  });

  test('asking for their email gets the explanation and the card instead', async () => {
    const response = await unlinked().ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(speechOf(response)).toMatch(
      /^To do that, I need to know who you are\. Please link your account in the Alexa app\./,
    );
    expect(response.response.card).toEqual(LINK_CARD);
    expect(response.response.shouldEndSession).toBe(true);
  });

  test('the guard wins over the profile component they are in', async () => {
    const conversation = unlinked().startIn('ProfileComponent', { auth: 'linked', userSub: 'x', userName: 'alice' });
    const response = await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(speechOf(response)).toMatch(/^To do that, I need to know who you are/);
    expect(speechOf(response)).not.toContain('alice');
    expect(response.response.card).toEqual(LINK_CARD);
  });

  test('help explains how to link and keeps the session open with a reprompt', async () => {
    const response = await unlinked().ask('AMAZON.HelpIntent');
    expect(speechOf(response)).toMatch(
      /Open the Alexa app, find Profile Keeper under your skills, and choose link account\./,
    );
    expect(repromptOf(response)).not.toBe('');
    expect(response.response.shouldEndSession).toBe(false);
    expect(response.response.card).toBeUndefined();
  });

  test.each(['AMAZON.StopIntent', 'AMAZON.CancelIntent'])('%s says goodbye and ends the session', async (intent) => {
    const response = await unlinked().ask(intent);
    expect(speechOf(response)).toBe('Goodbye!');
    expect(response.response.shouldEndSession).toBe(true);
    expect(response.response.card).toBeUndefined();
  });

  test('fallback gives a helpful reprompt', async () => {
    const response = await unlinked().ask('AMAZON.FallbackIntent');
    expect(speechOf(response)).toMatch(/^Sorry, I didn't get that\./);
    expect(repromptOf(response)).not.toBe('');
  });

  test('help works inside the profile component too', async () => {
    const response = await unlinked().startIn('ProfileComponent').ask('AMAZON.HelpIntent');
    expect(speechOf(response)).toMatch(/choose link account/);
  });

  test('the end of a session gets no speech', async () => {
    const response = await unlinked().end();
    expect(response.response.outputSpeech).toBeUndefined();
  });
});

describe('a user whose link has expired', () => {
  test('hears that the link expired, gets the card, and Cognito is not asked', async () => {
    const { accessToken } = await signIn(identity, ALICE);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    identity.resetStats();
    const response = await new Conversation(send, { locale: 'en-US', accessToken }).ask('RequestInfoIntent', {
      value: 'email',
      id: 'emailAddress',
    });
    expect(speechOf(response)).toMatch(
      /^Your account link has expired or was removed\. Please link your account again/,
    );
    expect(response.response.card).toEqual(LINK_CARD);
    expect(response.sessionAttributes?.data?.auth).toBe('relink-needed');
    expect(identity.stats().getUserCalls).toBe(0);
  });
});

describe('a forged token', () => {
  test('is treated as not linked, and never reaches Cognito', async () => {
    const { accessToken } = await signIn(identity, ALICE);
    // Same claims and kid, signed with a key that is not the pool's.
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
    const { kid } = decodeProtectedHeader(accessToken);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = await importJWK(privateKey.export({ format: 'jwk' }) as never, 'RS256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);

    identity.resetStats();
    const response = await new Conversation(send, { locale: 'en-US', accessToken: forged }).launch();
    expect(speechOf(response)).toMatch(/^Welcome to Profile Keeper\. .*Please link your account/);
    expect(response.response.card).toEqual(LINK_CARD);
    expect(response.sessionAttributes?.data).toEqual({ auth: 'not-linked' });
    expect(identity.stats().getUserCalls).toBe(0);
  });
});
