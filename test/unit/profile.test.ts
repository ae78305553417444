/**
 * Given a linked user, the skill knows who they are: a personal welcome and greeting, and each
 * kind of profile answer (by entity-resolution ID) with a Simple card; what it says when a value
 * is missing or was not understood; and what the session keeps.
 */
import { describe, expect, test } from '@jest/globals';
import type { CognitoUser } from '../../src/cognito/cognitoUserClient';
import { AlexaResponse, Conversation, repromptOf } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { rendered } from './support/expectedText';
import { ALICE, linked } from './support/fakeLoader';
import { unitSkill } from './support/unitSkill';

const skill = unitSkill();
const say = (key: string, values?: Record<string, string>) => rendered('en-US', key, values);
const spoken = (response: AlexaResponse) => spokenText(response.response.outputSpeech?.ssml);
const simpleCard = (content: string) => ({ type: 'Simple', title: 'Profile Keeper', content });

const NO_EMAIL: CognitoUser = { sub: 'sub-no-email', username: 'noemail', name: 'Nora Mail' };
const NO_NAME: CognitoUser = { sub: 'sub-no-name', username: 'nameless', email: 'nameless@example.com' };
skill.loader.answer('token-no-email', linked(NO_EMAIL)).answer('token-no-name', linked(NO_NAME));
const talkAs = (token: string) => new Conversation(skill.send('en-US'), { locale: 'en-US', accessToken: token });

const alice = { name: 'Alice Smith', username: 'alice', email: 'alice@example.com' };

describe('a linked user', () => {
  test('opening the skill: a welcome by name, the session stays open with a reprompt, no card', async () => {
    const response = await skill.talk('linked').launch();
    expect(spoken(response)).toBe(say('welcome.linked', { name: alice.name }));
    expect(repromptOf(response)).toBe(say('welcome.reprompt'));
    expect(response.response.shouldEndSession).toBe(false);
    expect(response.response.card).toBeUndefined();
  });

  test('the session keeps the user for the next turns', async () => {
    const response = await skill.talk('linked').launch();
    expect(response.sessionAttributes?.data).toEqual({
      auth: 'linked',
      userSub: ALICE.sub,
      userName: alice.username,
      emailAddress: alice.email,
      name: alice.name,
    });
  });

  test('hello: greeted by name', async () => {
    const response = await skill.talk('linked').ask('HelloWorldIntent');
    expect(spoken(response)).toBe(say('hello.linked', { name: alice.name }));
    expect(repromptOf(response)).toBe(say('help.reprompt'));
    expect(response.response.shouldEndSession).toBe(false);
  });

  test('help: what they can ask for', async () => {
    const response = await skill.talk('linked').ask('AMAZON.HelpIntent');
    expect(spoken(response)).toBe(say('help.linked'));
    expect(response.response.shouldEndSession).toBe(false);
  });

  test.each([
    ['emailAddress', 'email', say('profile.emailAddress', alice), say('profile.cardEmail', alice)],
    ['userName', 'user name', say('profile.userName', alice), say('profile.cardUserName', alice)],
    [
      'fullProfile',
      'everything',
      say('profile.fullProfile', alice),
      [say('profile.cardName', alice), say('profile.cardUserName', alice), say('profile.cardEmail', alice)].join('\n'),
    ],
  ])(
    'asking for %s: the answer from the resolved ID, a Simple card, and a reprompt',
    async (id, said, speech, card) => {
      const response = await skill.talk('linked').ask('RequestInfoIntent', { value: said, id });
      expect(spoken(response)).toBe(speech);
      expect(response.response.card).toEqual(simpleCard(card));
      expect(repromptOf(response)).toBe(say('profile.reprompt'));
      expect(response.response.shouldEndSession).toBe(false);
      expect(response.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
    },
  );

  test.each([
    ['a value the model could not resolve', { value: 'shoe size' }],
    ['an ID this version does not know', { value: 'phone', id: 'phoneNumber' }],
    ['no value at all', undefined],
  ])('%s: the whole profile, saying it was not sure', async (_name, slot) => {
    const response = await skill.talk('linked').ask('RequestInfoIntent', slot);
    expect(spoken(response)).toBe(`${say('profile.notSure')} ${say('profile.fullProfile', alice)}`);
    expect(response.response.card?.content).toBe(
      [say('profile.cardName', alice), say('profile.cardUserName', alice), say('profile.cardEmail', alice)].join('\n'),
    );
  });

  test('follow-up questions and help inside the profile component keep working', async () => {
    const conversation = skill.talk('linked');
    await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(spoken(await conversation.ask('AMAZON.HelpIntent'))).toBe(say('help.linked'));
    expect(spoken(await conversation.ask('HelloWorldIntent'))).toBe(say('hello.linked', { name: alice.name }));
    const second = await conversation.ask('RequestInfoIntent', { value: 'user name', id: 'userName' });
    expect(spoken(second)).toBe(say('profile.userName', alice));
    expect(second.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
    const stop = await conversation.ask('AMAZON.StopIntent');
    expect(spoken(stop)).toBe(say('goodbye'));
    expect(stop.response.shouldEndSession).toBe(true);
  });
});

describe('a linked user without an email address in Cognito', () => {
  test('asking for it: told there is none, and the card says "not set"', async () => {
    const response = await talkAs('token-no-email').ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expect(spoken(response)).toBe(say('profile.noEmail'));
    expect(response.response.card).toEqual(simpleCard(say('profile.cardNoEmail')));
  });

  test('the full profile says the email is not set', async () => {
    const values = { name: 'Nora Mail', username: 'noemail' };
    const response = await talkAs('token-no-email').ask('RequestInfoIntent', {
      value: 'everything',
      id: 'fullProfile',
    });
    expect(spoken(response)).toBe(say('profile.fullProfileNoEmail', values));
    expect(response.response.card?.content).toBe(
      [say('profile.cardName', values), say('profile.cardUserName', values), say('profile.cardNoEmail')].join('\n'),
    );
  });
});

describe('a linked user without a name in Cognito', () => {
  test('is welcomed and greeted by username', async () => {
    expect(spoken(await talkAs('token-no-name').launch())).toBe(say('welcome.linked', { name: 'nameless' }));
    expect(spoken(await talkAs('token-no-name').ask('HelloWorldIntent'))).toBe(
      say('hello.linked', { name: 'nameless' }),
    );
  });

  test('the full profile gives the username as the name', async () => {
    const values = { name: 'nameless', username: 'nameless', email: 'nameless@example.com' };
    const response = await talkAs('token-no-name').ask('RequestInfoIntent', { value: 'everything', id: 'fullProfile' });
    expect(spoken(response)).toBe(say('profile.fullProfile', values));
  });
});
