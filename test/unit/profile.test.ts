/**
 * Given a linked user, the skill knows who they are: a personal welcome and greeting, and each
 * field of their profile (src/profileFields.ts, asked for by the model's InfoType id) with a Simple
 * card; what it says when a value is missing or was not understood; a pool whose usernames are
 * generated UUIDs; and what the session keeps. Expectations come from the same sources as the skill:
 * the field list, the model's ids and the translation files.
 */
import { describe, expect, test } from '@jest/globals';
import { INFO_TYPE_IDS } from '../../src/infoTypes';
import { CognitoUser, FULL_PROFILE, PROFILE_FIELDS, ProfileField } from '../../src/profileFields';
import { AlexaResponse, Conversation, repromptOf } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { rendered, translation } from '../support/expectedText';
import { ALICE, linked } from './support/fakeLoader';
import { unitSkill } from './support/unitSkill';

const skill = unitSkill();
const LOCALE = 'en-US';
const say = (key: string, values?: Record<string, string>) => rendered(LOCALE, key, values);
const spoken = (response: AlexaResponse) => spokenText(response.response.outputSpeech?.ssml);
const simpleCard = (content: string) => ({ type: 'Simple', title: 'Profile Keeper', content });
const cardLine = (label: string, value: string) => say('profile.cardLine', { label, value });
const ask = (conversation: Conversation, id: string) => conversation.ask('RequestInfoIntent', { value: 'x', id });

const talkAs = (user: CognitoUser) => {
  const token = `token-of-${user.sub}`;
  skill.loader.answer(token, linked(user));
  return new Conversation(skill.send(LOCALE), { locale: LOCALE, accessToken: token });
};

/** A user with every attribute the skill reads set (a new field gets a value here without editing this file). */
const KNOWN_VALUES: Record<string, string> = {
  name: 'Alice Smith',
  email: 'alice@example.com',
  preferred_username: 'ali',
};
const EVERYTHING: CognitoUser = {
  sub: 'sub-everything',
  username: 'alice',
  attributes: Object.fromEntries(
    PROFILE_FIELDS.map((f) => [f.attribute, KNOWN_VALUES[f.attribute] ?? `Alice's ${f.id}`]),
  ),
};
const valueOf = (field: ProfileField, user: CognitoUser) => user.attributes[field.attribute as never] as string;

/** What the full profile says and shows for a user who has every field set. */
const fullSpeech = (user: CognitoUser) =>
  PROFILE_FIELDS.map((field) => say(`infoType.${field.id}.value`, { value: valueOf(field, user) })).join(' ');
const fullCard = (user: CognitoUser) =>
  PROFILE_FIELDS.map((field) => cardLine(translation(LOCALE, `infoType.${field.id}.label`), valueOf(field, user))).join(
    '\n',
  );

const ASKABLE_FIELDS = PROFILE_FIELDS.filter((field) => INFO_TYPE_IDS.includes(field.id));

describe('a linked user', () => {
  test('opening the skill: a welcome by name, the session stays open with a reprompt, no card', async () => {
    const response = await talkAs(EVERYTHING).launch();
    expect(spoken(response)).toBe(say('welcome.linked', { name: 'Alice Smith' }));
    expect(repromptOf(response)).toBe(say('welcome.reprompt'));
    expect(response.response.shouldEndSession).toBe(false);
    expect(response.response.card).toBeUndefined();
  });

  test('the session keeps the user for the next turns', async () => {
    const response = await skill.talk('linked').launch();
    expect(response.sessionAttributes?.data).toEqual({ auth: 'linked', user: ALICE });
  });

  test('hello: greeted by name', async () => {
    const response = await talkAs(EVERYTHING).ask('HelloWorldIntent');
    expect(spoken(response)).toBe(say('hello.linked', { name: 'Alice Smith' }));
    expect(repromptOf(response)).toBe(say('help.reprompt'));
    expect(response.response.shouldEndSession).toBe(false);
  });

  test('help: what they can ask for, every InfoType of the model', async () => {
    const response = await skill.talk('linked').ask('AMAZON.HelpIntent');
    expect(spoken(response)).toBe(say('help.linked'));
    for (const id of INFO_TYPE_IDS) expect(spoken(response)).toContain(translation(LOCALE, `infoType.${id}.askFor`));
    expect(response.response.shouldEndSession).toBe(false);
  });

  test.each(ASKABLE_FIELDS.map((field) => [field.id, field] as const))(
    'asking for %s: the value by the resolved id, a Simple card, and a reprompt',
    async (id, field) => {
      const response = await ask(talkAs(EVERYTHING), id);
      expect(spoken(response)).toBe(say(`infoType.${id}.value`, { value: valueOf(field, EVERYTHING) }));
      expect(response.response.card).toEqual(
        simpleCard(cardLine(translation(LOCALE, `infoType.${id}.label`), valueOf(field, EVERYTHING))),
      );
      expect(repromptOf(response)).toBe(say('profile.reprompt'));
      expect(response.response.shouldEndSession).toBe(false);
      expect(response.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
    },
  );

  test('asking for the full profile: every field, in the order of the field list, and a card with each', async () => {
    const response = await ask(talkAs(EVERYTHING), FULL_PROFILE);
    expect(spoken(response)).toBe(`${say('profile.intro')} ${fullSpeech(EVERYTHING)}`);
    expect(response.response.card).toEqual(simpleCard(fullCard(EVERYTHING)));
  });

  test.each([
    ['a value the model could not resolve', { value: 'shoe size' }],
    ['an id this version does not know', { value: 'shoe size', id: 'shoeSize' }],
    ['no value at all', undefined],
  ])('%s: the whole profile, saying it was not sure', async (_name, slot) => {
    const response = await talkAs(EVERYTHING).ask('RequestInfoIntent', slot);
    expect(spoken(response)).toBe(`${say('profile.notSure')} ${fullSpeech(EVERYTHING)}`);
    expect(response.response.card?.content).toBe(fullCard(EVERYTHING));
  });

  test('follow-up questions and help inside the profile component keep working', async () => {
    const conversation = talkAs(EVERYTHING);
    await ask(conversation, 'emailAddress');
    expect(spoken(await conversation.ask('AMAZON.HelpIntent'))).toBe(say('help.linked'));
    expect(spoken(await conversation.ask('HelloWorldIntent'))).toBe(say('hello.linked', { name: 'Alice Smith' }));
    const second = await ask(conversation, 'userName');
    expect(spoken(second)).toBe(say('infoType.userName.value', { value: 'ali' }));
    expect(second.sessionAttributes?.state).toEqual([{ component: 'ProfileComponent' }]);
    const stop = await conversation.ask('AMAZON.StopIntent');
    expect(spoken(stop)).toBe(say('goodbye'));
    expect(stop.response.shouldEndSession).toBe(true);
  });
});

describe.each(PROFILE_FIELDS.map((field) => [field.id, field] as const))(
  'a user without %s in Cognito',
  (id, field) => {
    const without: CognitoUser = {
      ...EVERYTHING,
      sub: `sub-without-${id}`,
      username: '4f9c2a61-7d0e-4b8a-9c1d-2e3f4a5b6c7d',
      attributes: { ...EVERYTHING.attributes, [field.attribute]: undefined },
    };
    delete without.attributes[field.attribute as never];

    test('the full profile says it is missing (or, for the sign-in name, which email they sign in with)', async () => {
      const response = await ask(talkAs(without), FULL_PROFILE);
      const expected =
        'signInName' in field
          ? say('profile.signInWith', { email: 'alice@example.com' })
          : say(`infoType.${id}.missing`);
      expect(spoken(response)).toContain(expected);
      const line =
        'signInName' in field
          ? cardLine(translation(LOCALE, 'profile.signInLabel'), 'alice@example.com')
          : cardLine(translation(LOCALE, `infoType.${id}.label`), translation(LOCALE, 'profile.cardNotSet'));
      expect(response.response.card?.content?.split('\n')).toContain(line);
    });
  },
);

describe('a pool whose usernames are generated UUIDs (users sign in with their email address)', () => {
  const uuid = '7c1e4b0a-93f2-4d6e-8a51-0b2c3d4e5f60';
  const withPreferred: CognitoUser = {
    sub: uuid,
    username: uuid,
    attributes: { preferred_username: 'ali', email: 'a@example.com' },
  };
  const emailOnly: CognitoUser = { sub: `${uuid}-2`, username: uuid, attributes: { email: 'a@example.com' } };
  const nothing: CognitoUser = { sub: `${uuid}-3`, username: uuid, attributes: {} };
  const neverTheUuid = (response: AlexaResponse) => expect(JSON.stringify(response.response)).not.toContain(uuid);

  test('asking for the username: the preferred username when there is one', async () => {
    const response = await ask(talkAs(withPreferred), 'userName');
    expect(spoken(response)).toBe(say('infoType.userName.value', { value: 'ali' }));
    neverTheUuid(response);
  });

  test('without one: which email address they sign in with, on the card too', async () => {
    const response = await ask(talkAs(emailOnly), 'userName');
    expect(spoken(response)).toBe(say('profile.signInWith', { email: 'a@example.com' }));
    expect(response.response.card?.content).toBe(cardLine(translation(LOCALE, 'profile.signInLabel'), 'a@example.com'));
    neverTheUuid(response);
  });

  test('without email either: no username to tell', async () => {
    const response = await ask(talkAs(nothing), 'userName');
    expect(spoken(response)).toBe(say('infoType.userName.missing'));
    neverTheUuid(response);
  });

  test('greetings use the preferred username, else no name at all; never the UUID', async () => {
    expect(spoken(await talkAs(withPreferred).launch())).toBe(say('welcome.linked', { name: 'ali' }));
    for (const user of [emailOnly, nothing]) {
      const welcome = await talkAs(user).launch();
      expect(spoken(welcome)).toBe(say('welcome.nameless'));
      const hello = await talkAs(user).ask('HelloWorldIntent');
      expect(spoken(hello)).toBe(say('hello.nameless'));
      neverTheUuid(welcome);
      neverTheUuid(hello);
    }
  });

  test('the full profile and its card never show the UUID', async () => {
    for (const user of [withPreferred, emailOnly, nothing]) neverTheUuid(await ask(talkAs(user), FULL_PROFILE));
  });
});
