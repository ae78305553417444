/**
 * A user's own values (name, username, email: anyone can type anything into them) are data, never
 * template or markup. Whatever they hold, in every locale and every answer that speaks or shows
 * them, the speech is Alexa-playable SSML (one <speak> element, text only) whose words are the
 * translation with the value in it literally (less the characters XML cannot carry, which have no
 * sound), and the card shows the value exactly as it is.
 * Property-based (fast-check), with a fixed seed: see test/support/propertySeed.ts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { CognitoUser } from '../../src/cognito/cognitoUserClient';
import { SkillLocale } from '../../src/config';
import { AlexaResponse, Conversation } from '../support/conversation';
import { propertySettings } from '../support/propertySeed';
import { speakable, spokenText } from '../support/ssml';
import { LOCALES, rendered } from './support/expectedText';
import { linked } from './support/fakeLoader';
import { unitSkill } from './support/unitSkill';

const skill = unitSkill();
const TOKEN = 'token-of-a-user-with-hostile-values';

/** Pieces that mean something to i18next, SSML/XML or JSON, mixed with any text (control characters and lone surrogates included). */
const FRAGMENTS = [
  '$t(',
  '$t(goodbye)',
  '$t(profile.emailAddress)',
  '{{',
  '}}',
  '{{email}}',
  '{{- name}}',
  ')',
  ', {',
  '</speak>',
  '<speak>',
  '<audio src="https://evil.test/x.mp3"/>',
  '<',
  '>',
  ']]>',
  '&',
  '&amp;',
  '&#60;',
  '"',
  "'",
  String.raw`\u003c`,
  String.raw`\"`,
  '\\',
  '\uE000',
  '\uE0010\uE001',
  '%s',
  '\n',
  '\u0000\u0008\u001b',
  '\ud800',
];
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''))
  .filter((text) => text.length > 0);

const hostileUser: fc.Arbitrary<CognitoUser> = fc.record({
  sub: fc.constant('sub-of-a-hostile-user'),
  username: hostileText,
  email: hostileText,
  name: hostileText,
});

interface Answer {
  name: string;
  turn(conversation: Conversation): Promise<AlexaResponse>;
  speech(locale: SkillLocale, user: CognitoUser): string;
  card?(locale: SkillLocale, user: CognitoUser): string;
}

const valuesOf = (user: CognitoUser) => ({
  name: user.name as string,
  username: user.username,
  email: user.email as string,
});
const spokenValuesOf = (user: CognitoUser) => {
  const values = valuesOf(user);
  return { name: speakable(values.name), username: speakable(values.username), email: speakable(values.email) };
};
const ask = (id: string) => (conversation: Conversation) => conversation.ask('RequestInfoIntent', { value: 'x', id });

const ANSWERS: Answer[] = [
  {
    name: 'welcome',
    turn: (conversation) => conversation.launch(),
    speech: (locale, user) => rendered(locale, 'welcome.linked', spokenValuesOf(user)),
  },
  {
    name: 'hello',
    turn: (conversation) => conversation.ask('HelloWorldIntent'),
    speech: (locale, user) => rendered(locale, 'hello.linked', spokenValuesOf(user)),
  },
  {
    name: 'email address',
    turn: ask('emailAddress'),
    speech: (locale, user) => rendered(locale, 'profile.emailAddress', spokenValuesOf(user)),
    card: (locale, user) => rendered(locale, 'profile.cardEmail', valuesOf(user)),
  },
  {
    name: 'username',
    turn: ask('userName'),
    speech: (locale, user) => rendered(locale, 'profile.userName', spokenValuesOf(user)),
    card: (locale, user) => rendered(locale, 'profile.cardUserName', valuesOf(user)),
  },
  {
    name: 'full profile',
    turn: ask('fullProfile'),
    speech: (locale, user) => rendered(locale, 'profile.fullProfile', spokenValuesOf(user)),
    card: (locale, user) =>
      ['profile.cardName', 'profile.cardUserName', 'profile.cardEmail']
        .map((key) => rendered(locale, key, valuesOf(user)))
        .join('\n'),
  },
];

async function answerFor(answer: Answer, locale: SkillLocale, user: CognitoUser): Promise<AlexaResponse> {
  skill.loader.answer(TOKEN, linked(user));
  return answer.turn(new Conversation(skill.send(locale), { locale, accessToken: TOKEN }));
}

function expectInert(response: AlexaResponse, answer: Answer, locale: SkillLocale, user: CognitoUser): void {
  expect(spokenText(response.response.outputSpeech?.ssml)).toBe(answer.speech(locale, user));
  if (answer.card) expect(response.response.card?.content).toBe(answer.card(locale, user));
}

describe.each(LOCALES)('in %s', (locale) => {
  test.each(ANSWERS.map((answer) => [answer.name, answer] as const))(
    '%s: any name, username and email are spoken as text and shown as they are',
    async (_name, answer) => {
      await fc.assert(
        fc.asyncProperty(hostileUser, async (user) =>
          expectInert(await answerFor(answer, locale, user), answer, locale, user),
        ),
        propertySettings(40),
      );
    },
  );
});

describe('known attacks on the welcome', () => {
  // i18next reads `$t(key, {json})` as nesting with JSON options, and JSON unescapes \u003c to "<".
  const nested = String.raw`Eve $t(profile.emailAddress, {'email': '\u003caudio src=\u0027https://evil.test/x.mp3\u0027/\u003e'})`;

  test('a name that nests a translation with markup in its options plays no audio', async () => {
    const user = { sub: 'sub-eve', username: 'eve', email: 'eve@example.com', name: nested };
    const response = await answerFor(ANSWERS[0], 'en-US', user);
    expect(response.response.outputSpeech?.ssml).not.toContain('<audio');
    expect(spokenText(response.response.outputSpeech?.ssml)).toBe(
      rendered('en-US', 'welcome.linked', { name: nested }),
    );
  });

  test('"$t(goodbye) {{email}}" is spoken literally, escaped for SSML', async () => {
    const user = { sub: 'sub-eve', username: 'eve', email: 'eve@example.com', name: '$t(goodbye) {{email}} <&>' };
    const response = await answerFor(ANSWERS[0], 'en-US', user);
    expect(response.response.outputSpeech?.ssml).toContain('Welcome back, $t(goodbye) {{email}} &lt;&amp;&gt;!');
  });
});
