/**
 * Given a user who linked their account, over the wire: a real token from the identity service,
 * GetUser through the AWS SDK, the skill's HTTP server, and the session carried in the attributes
 * from turn to turn as Alexa carries it. Cognito is asked once per token. (Every answer, locale
 * and situation is covered in milliseconds by test/unit.)
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { RunningSkillServer } from '../../src/server.express';
import { Conversation, repromptOf, SendEnvelope, speechOf, viaHttp } from '../support/conversation';
import { ALICE, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';
import { startTestSkill } from '../support/skill';
import { PROFILE_FIELDS } from '../../src/profileFields';
import { fieldSpeech, rendered, translation } from '../support/expectedText';

const say = (key: string, values?: Record<string, string>) => rendered('en-US', key, values);

let identity: RunningIdentity;
let server: RunningSkillServer;
let send: SendEnvelope;

beforeAll(async () => {
  identity = await startTestIdentity();
  server = await startTestSkill(skillConfigFor(identity));
  send = viaHttp(server.webhookUrl);
});
afterAll(async () => {
  await server?.close();
  await identity?.close();
});

test('Alice is welcomed by name, asks for her email and username in one session, and hears Cognito’s values', async () => {
  const { accessToken } = await signIn(identity, ALICE);
  const conversation = new Conversation(send, { locale: 'en-US', accessToken });

  const welcome = await conversation.launch();
  expect(speechOf(welcome)).toBe(say('welcome.linked', { name: ALICE.name }));
  expect(welcome.response.shouldEndSession).toBe(false);
  expect(welcome.sessionAttributes?.data).toMatchObject({
    auth: 'linked',
    user: { username: ALICE.username, attributes: { email: ALICE.email, name: ALICE.name } },
  });

  const email = await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
  expect(speechOf(email)).toBe(say('infoType.emailAddress.value', { value: ALICE.email }));
  expect(email.response.card).toEqual({
    type: 'Simple',
    title: 'Profile Keeper',
    content: say('profile.cardLine', {
      label: translation('en-US', 'infoType.emailAddress.label'),
      value: ALICE.email,
    }),
  });
  expect(repromptOf(email)).toBe(say('profile.reprompt'));
  expect(email.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);

  const username = await conversation.ask('RequestInfoIntent', { value: 'user name', id: 'userName' });
  expect(speechOf(username)).toBe(say('infoType.userName.value', { value: ALICE.username }));
  expect(username.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
});

test('a 5-turn session with a new token makes exactly one GetUser call, a repeat session none', async () => {
  const { accessToken } = await signIn(identity, ALICE);
  identity.resetStats();
  const conversation = new Conversation(send, { locale: 'en-US', accessToken });
  await conversation.launch();
  await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
  await conversation.ask('RequestInfoIntent', { value: 'user name', id: 'userName' });
  await conversation.ask('HelloWorldIntent');
  const last = await conversation.ask('RequestInfoIntent', { value: 'profile', id: 'fullProfile' });
  const alice = { username: ALICE.username, attributes: { email: ALICE.email, name: ALICE.name } };
  expect(speechOf(last)).toBe(
    [say('profile.intro'), ...PROFILE_FIELDS.map((field) => fieldSpeech('en-US', field, alice))].join(' '),
  );
  expect(identity.stats().getUserCalls).toBe(1);

  // A new session with the same token, in the same warm process: served from the user cache.
  const again = new Conversation(send, { locale: 'en-US', accessToken });
  expect(speechOf(await again.launch())).toBe(say('welcome.linked', { name: ALICE.name }));
  expect(identity.stats().getUserCalls).toBe(1);
});
