/**
 * A user's own values (name, username, email: anyone can type anything into them, up to Cognito's
 * 2,048 characters) are data, never template or markup, and never make an answer Alexa refuses.
 * Whatever they hold, in every locale and every answer that speaks or shows them:
 * - the speech is Alexa-playable SSML (one <speak> element, text only) of at most 8,000 characters,
 *   and so is the reprompt; the card's title and text together are at most 8,000 characters;
 * - a value short enough to read out is spoken literally (less the characters XML cannot carry,
 *   which have no sound); a longer one is not read out, and the user hears that it is on the card;
 * - the card shows each value exactly as it is, unless the card would be too long.
 * Property-based (fast-check), with a fixed seed: see test/support/propertySeed.ts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CognitoUser, FULL_PROFILE, PROFILE_FIELDS } from '../../src/profileFields';
import { SPOKEN_VALUE_MAX } from '../../src/output/profileAnswers';
import { AlexaResponse, Conversation } from '../support/conversation';
import { propertySettings } from '../support/propertySeed';
import { speakable, spokenText } from '../support/ssml';
import { LOCALES, rendered, translation } from '../support/expectedText';
import { linked } from './support/fakeLoader';
import { unitSkill } from './support/unitSkill';

const skill = unitSkill();
const TOKEN = 'token-of-a-user-with-hostile-values';
/** Alexa's documented limits: outputSpeech (and reprompt) and all text of a card, in characters. */
const ALEXA_SPEECH_MAX = 8000;
const ALEXA_CARD_MAX = 8000;
/** Cognito's limit for a string attribute such as name or email (usernames are shorter). */
const COGNITO_ATTRIBUTE_MAX = 2048;

/** Pieces that mean something to i18next, SSML/XML or JSON, mixed with any text (control characters and lone surrogates included). */
const FRAGMENTS = [
  '$t(',
  '$t(goodbye)',
  '$t(infoType.emailAddress.value)',
  '{{',
  '}}',
  '{{value}}',
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
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''))
  .filter((text) => text.length > 0);
/**
 * Up to Cognito's limit in characters (code points: 2,048 emoji are 4,096 UTF-16 units), of the
 * characters SSML escaping grows most, and some that vanish.
 */
const longText = fc
  .tuple(
    fc.constantFrom('"', "'", '&', '<', 'a', '😀', '\u0000', 'ß'),
    fc.integer({ min: 200, max: COGNITO_ATTRIBUTE_MAX }),
  )
  .map(([character, length]) => character.repeat(length));
const anyValue = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 1, arbitrary: longText });

const hostileUser: fc.Arbitrary<CognitoUser> = fc.record({
  sub: fc.constant('sub-of-a-hostile-user'),
  username: hostileText,
  attributes: fc.record(Object.fromEntries(PROFILE_FIELDS.map((field) => [field.attribute, anyValue]))),
});

const ESCAPED: Record<string, number> = { '&': 5, '<': 4, '>': 4, '"': 6, "'": 6 };
/** Whether Alexa reads a value out: escaped for SSML, it fits the skill's limit for one value. */
const readOut = (value: string) =>
  [...speakable(value)].reduce((length, char) => length + (ESCAPED[char] ?? char.length), 0) <= SPOKEN_VALUE_MAX;

type Values = Record<string, string>;
interface Answer {
  name: string;
  turn(conversation: Conversation): Promise<AlexaResponse>;
  speech(locale: string, user: CognitoUser): string;
  card?(locale: string, user: CognitoUser): string[];
}

const valueOf = (user: CognitoUser, attribute: string) => (user.attributes as Values)[attribute];
const fieldSpeech = (locale: string, id: string, value: string) =>
  rendered(locale, `infoType.${id}.value`, {
    value: readOut(value) ? speakable(value) : rendered(locale, 'profile.tooLong'),
  });
const cardLine = (locale: string, id: string, value: string) =>
  rendered(locale, 'profile.cardLine', { label: translation(locale, `infoType.${id}.label`), value });
const greeting = (kind: string) => (locale: string, user: CognitoUser) => {
  const name = valueOf(user, 'name');
  return readOut(name)
    ? rendered(locale, `${kind}.linked`, { name: speakable(name) })
    : rendered(locale, `${kind}.nameless`);
};
const ask = (id: string) => (conversation: Conversation) => conversation.ask('RequestInfoIntent', { value: 'x', id });

const ANSWERS: Answer[] = [
  { name: 'welcome', turn: (conversation) => conversation.launch(), speech: greeting('welcome') },
  { name: 'hello', turn: (conversation) => conversation.ask('HelloWorldIntent'), speech: greeting('hello') },
  ...PROFILE_FIELDS.filter((field) => field.id !== 'name').map((field) => ({
    name: field.id,
    turn: ask(field.id),
    speech: (locale: string, user: CognitoUser) => fieldSpeech(locale, field.id, valueOf(user, field.attribute)),
    card: (locale: string, user: CognitoUser) => [cardLine(locale, field.id, valueOf(user, field.attribute))],
  })),
  {
    name: 'full profile',
    turn: ask(FULL_PROFILE),
    speech: (locale, user) =>
      [
        rendered(locale, 'profile.intro'),
        ...PROFILE_FIELDS.map((field) => fieldSpeech(locale, field.id, valueOf(user, field.attribute))),
      ].join(' '),
    card: (locale, user) => PROFILE_FIELDS.map((field) => cardLine(locale, field.id, valueOf(user, field.attribute))),
  },
];

async function answerFor(answer: Answer, locale: string, user: CognitoUser): Promise<AlexaResponse> {
  skill.loader.answer(TOKEN, linked(user));
  return answer.turn(new Conversation(skill.send(locale), { locale, accessToken: TOKEN }));
}

function expectWithinLimits(response: AlexaResponse): void {
  const { outputSpeech, reprompt, card } = response.response;
  expect(outputSpeech?.ssml?.length).toBeLessThanOrEqual(ALEXA_SPEECH_MAX);
  expect(reprompt?.outputSpeech?.ssml?.length ?? 0).toBeLessThanOrEqual(ALEXA_SPEECH_MAX);
  expect((card?.title?.length ?? 0) + (card?.content?.length ?? 0)).toBeLessThanOrEqual(ALEXA_CARD_MAX);
}

function expectAnswer(response: AlexaResponse, answer: Answer, locale: string, user: CognitoUser): void {
  expectWithinLimits(response);
  expect(spokenText(response.response.outputSpeech?.ssml)).toBe(answer.speech(locale, user));
  if (!answer.card) return;
  // Each line shows the value as it is or, on a card that would be over Alexa's limit, says it is
  // too long. Values may hold line breaks, so the lines are matched in order, not split.
  const tooLong = rendered(locale, 'profile.cardTooLong');
  let rest = response.response.card?.content ?? '';
  answer.card(locale, user).forEach((line, index) => {
    const shortened = line.slice(0, line.indexOf(': ') + 2) + tooLong;
    const shown = [line, shortened].find((candidate) => rest.startsWith(candidate));
    expect({ line: index, shown: shown !== undefined }).toEqual({ line: index, shown: true });
    rest = rest.slice((shown as string).length + 1);
  });
  expect(rest).toBe('');
}

describe.each(LOCALES)('in %s', (locale) => {
  test.each(ANSWERS.map((answer) => [answer.name, answer] as const))(
    '%s: any values are spoken as text or said to be on the card, shown as they are, within Alexa’s limits',
    async (_name, answer) => {
      await fc.assert(
        fc.asyncProperty(hostileUser, async (user) =>
          expectAnswer(await answerFor(answer, locale, user), answer, locale, user),
        ),
        propertySettings(15),
      );
    },
  );
});

describe('the longest values Cognito keeps', () => {
  const everyField = (value: string): CognitoUser => ({
    sub: `sub-of-${value.slice(0, 1)}`,
    username: 'long',
    attributes: Object.fromEntries(PROFILE_FIELDS.map((field) => [field.attribute, value])),
  });
  const quotes = everyField('"'.repeat(COGNITO_ATTRIBUTE_MAX));
  const emoji = everyField('😀'.repeat(COGNITO_ATTRIBUTE_MAX));

  test.each(ANSWERS.map((answer) => [answer.name, answer] as const))(
    '%s: 2,048 quotes in every field (12,288 characters escaped) are not read out, and the answer fits',
    async (_name, answer) => {
      for (const locale of LOCALES) {
        const response = await answerFor(answer, locale, quotes);
        expectAnswer(response, answer, locale, quotes);
        if (answer.card) {
          expect(spokenText(response.response.outputSpeech?.ssml)).toContain(rendered(locale, 'profile.tooLong'));
        }
      }
    },
  );

  test('2,048 emoji in every field: the full profile card says "too long" for what does not fit, and shows the rest', async () => {
    for (const locale of LOCALES) {
      const response = await answerFor(ANSWERS[ANSWERS.length - 1], locale, emoji);
      expectAnswer(response, ANSWERS[ANSWERS.length - 1], locale, emoji);
      const content = response.response.card?.content ?? '';
      expect(content).toContain(rendered(locale, 'profile.cardTooLong'));
      expect(content).toContain('😀'.repeat(COGNITO_ATTRIBUTE_MAX));
    }
  });
});

describe('known attacks on the welcome', () => {
  // i18next reads `$t(key, {json})` as nesting with JSON options, and JSON unescapes \u003c to "<".
  const nested = String.raw`Eve $t(infoType.emailAddress.value, {'value': '\u003caudio src=\u0027https://evil.test/x.mp3\u0027/\u003e'})`;
  const eve = (name: string): CognitoUser => ({
    sub: 'sub-eve',
    username: 'eve',
    attributes: { email: 'eve@example.com', name },
  });

  test('a name that nests a translation with markup in its options plays no audio', async () => {
    const response = await answerFor(ANSWERS[0], 'en-US', eve(nested));
    expect(response.response.outputSpeech?.ssml).not.toContain('<audio');
    expect(spokenText(response.response.outputSpeech?.ssml)).toBe(
      rendered('en-US', 'welcome.linked', { name: nested }),
    );
  });

  test('"$t(goodbye) {{value}}" is spoken literally, escaped for SSML', async () => {
    const response = await answerFor(ANSWERS[0], 'en-US', eve('$t(goodbye) {{value}} <&>'));
    expect(response.response.outputSpeech?.ssml).toContain('$t(goodbye) {{value}} &lt;&amp;&gt;');
  });
});
