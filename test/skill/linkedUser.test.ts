/**
 * Given a user who linked their account, the skill knows who they are: it welcomes them by name,
 * answers each kind of profile question from entity-resolution IDs, and asks Cognito only once.
 * Runs the same story through Jovo's TestSuite and through the real HTTP server.
 */
import { startTestSkill } from '../support/skill';
import { createApp } from '../../src/app';
import { RunningSkillServer } from '../../src/server.express';
import { createLogger } from '../../src/logger';
import { Conversation, repromptOf, SendEnvelope, speechOf, viaHttp, viaTestSuite } from '../support/conversation';
import { ALICE, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';

let identity: RunningIdentity;
let server: RunningSkillServer;
let aliceToken: string;
const transports: Record<string, SendEnvelope> = {};

beforeAll(async () => {
  identity = await startTestIdentity();
  aliceToken = (await signIn(identity, ALICE)).accessToken;
  const silent = createLogger({ level: 'silent' });
  server = await startTestSkill(skillConfigFor(identity), { logger: silent });
  transports['HTTP server'] = viaHttp(server.webhookUrl);
  transports['Jovo TestSuite'] = viaTestSuite(createApp(skillConfigFor(identity), { logger: silent }), 'en-US');
});
afterAll(async () => {
  await server?.close();
  await identity?.close();
});

describe.each(['Jovo TestSuite', 'HTTP server'])('a linked user, through the %s', (transport) => {
  const talk = () => new Conversation(transports[transport], { locale: 'en-US', accessToken: aliceToken });

  test('hears a personal welcome when they open the skill', async () => {
    const response = await talk().launch();
    expect(speechOf(response)).toMatch(/^Welcome back, Alice Smith!/);
    expect(response.response.shouldEndSession).toBe(false);
    expect(repromptOf(response)).not.toBe('');
    expect(response.sessionAttributes?.data).toMatchObject({
      auth: 'linked',
      userName: 'alice',
      emailAddress: ALICE.email,
      name: ALICE.name,
    });
  });

  test.each([
    ['emailAddress', 'email', /^Your email address is alice@example\.com\.$/, 'Email: alice@example.com'],
    ['userName', 'username', /^Your username is alice\.$/, 'Username: alice'],
    [
      'fullProfile',
      'everything',
      /^Here is your profile\. Your name is Alice Smith, your username is alice, and your email address is alice@example\.com\.$/,
      'Name: Alice Smith\nUsername: alice\nEmail: alice@example.com',
    ],
  ])('asking for %s answers from the resolved ID and shows a card', async (id, said, speech, card) => {
    const conversation = talk();
    await conversation.launch();
    const response = await conversation.ask('RequestInfoIntent', { value: said, id });
    expect(speechOf(response)).toMatch(speech);
    expect(response.response.card).toEqual({ type: 'Simple', title: 'Profile Keeper', content: card });
    expect(repromptOf(response)).toMatch(/Anything else\?/);
    expect(response.response.shouldEndSession).toBe(false);
  });

  test('an unresolved value gets the full profile, prefixed by "I\'m not sure what you asked for"', async () => {
    const response = await talk().ask('RequestInfoIntent', { value: 'shoe size' });
    expect(speechOf(response)).toMatch(
      /^I'm not sure what you asked for, so here is your whole profile\. Here is your profile\. Your name is Alice Smith/,
    );
  });

  test('no value at all gets the full profile, prefixed the same way', async () => {
    const response = await talk().ask('RequestInfoIntent');
    expect(speechOf(response)).toMatch(/^I'm not sure what you asked for/);
    expect(response.response.card?.content).toContain('Email: alice@example.com');
  });

  test('follow-up turns stay in the profile component', async () => {
    const conversation = talk();
    const first = await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(first.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
    const help = await conversation.ask('AMAZON.HelpIntent');
    expect(speechOf(help)).toMatch(/^I can tell you your email address, your username, or your whole profile/);
    const second = await conversation.ask('RequestInfoIntent', { value: 'user name', id: 'userName' });
    expect(speechOf(second)).toBe('Your username is alice.');
    expect(second.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
  });

  test('hello world greets them by name', async () => {
    const response = await talk().ask('HelloWorldIntent');
    expect(speechOf(response)).toMatch(/^Hello Alice Smith!/);
  });

  test('stop says goodbye and ends the session', async () => {
    const response = await talk().ask('AMAZON.StopIntent');
    expect(speechOf(response)).toBe('Goodbye!');
    expect(response.response.shouldEndSession).toBe(true);
  });
});

describe('Cognito is asked once', () => {
  test('a 5-turn session with a fresh token makes exactly one GetUser call, a repeat session none', async () => {
    const { accessToken } = await signIn(identity, ALICE);
    identity.resetStats();
    const conversation = new Conversation(viaHttp(server.webhookUrl), { locale: 'en-US', accessToken });
    await conversation.launch();
    await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    await conversation.ask('RequestInfoIntent', { value: 'user name', id: 'userName' });
    await conversation.ask('HelloWorldIntent');
    const last = await conversation.ask('RequestInfoIntent', { value: 'profile', id: 'fullProfile' });
    expect(speechOf(last)).toMatch(/^Here is your profile/);
    expect(identity.stats().getUserCalls).toBe(1);

    // A new session with the same token, in the same warm process: served from the user cache.
    const again = new Conversation(viaHttp(server.webhookUrl), { locale: 'en-US', accessToken });
    expect(speechOf(await again.launch())).toMatch(/^Welcome back, Alice Smith!/);
    expect(identity.stats().getUserCalls).toBe(1);
  });
});
