/**
 * Every locale the skill ships (en-US, en-GB, de-DE, es-ES) speaks its own language in every
 * answer, from its translation file, and its cards are in that language too. A locale the skill has
 * no words for is answered in the closest language it has (the same language, another region), or
 * in English, and is logged once per container.
 */
import { describe, expect, test } from '@jest/globals';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';
import { PROFILE_FIELDS } from '../../src/profileFields';
import { AlexaResponse, Conversation, repromptOf } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { LOCALES, rendered, translation } from '../support/expectedText';
import { ALICE } from './support/fakeLoader';
import { Situation, unitSkill } from './support/unitSkill';

const skill = unitSkill();
const alice = { name: ALICE.attributes.name as string, email: ALICE.attributes.email as string };
const spoken = (response: AlexaResponse) => spokenText(response.response.outputSpeech?.ssml);

function keysOf(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'object' ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

test('every translation file has the same texts (a missing one would be spoken in English)', () => {
  const english = keysOf(en.translation).sort();
  expect(keysOf(de.translation).sort()).toEqual(english);
  expect(keysOf(es.translation).sort()).toEqual(english);
});

interface Turn {
  what: string;
  situation: Situation;
  turn: (situation: Situation, locale: string) => Promise<AlexaResponse>;
  speech: [key: string, values?: Record<string, string>][];
  reprompt?: string;
  card?: (locale: string) => unknown;
}

const launch = (situation: Situation, locale: string) => skill.talk(situation, locale).launch();
const ask = (intent: string, slot?: { value: string; id?: string }) => (situation: Situation, locale: string) =>
  skill.talk(situation, locale).ask(intent, slot);
const LINK_CARD = () => ({ type: 'LinkAccount' });
const line = (locale: string, id: string, value: string) =>
  rendered(locale, 'profile.cardLine', { label: translation(locale, `infoType.${id}.label`), value });
const simpleCard =
  (...lines: [id: string, value: string | undefined][]) =>
  (locale: string) => ({
    type: 'Simple',
    title: 'Profile Keeper',
    content: lines
      .map(([id, value]) => line(locale, id, value ?? translation(locale, 'profile.cardNotSet')))
      .join('\n'),
  });

/** Each field as Alice's profile has it: her attribute, her username as the sign-in name, or none. */
const ALICE_FIELDS = PROFILE_FIELDS.map((field) => {
  const value = (ALICE.attributes as Record<string, string>)[field.attribute];
  return { id: field.id, value: value ?? ('signInName' in field ? ALICE.username : undefined) };
});

const TURNS: Turn[] = [
  {
    what: 'welcome',
    situation: 'linked',
    turn: launch,
    speech: [['welcome.linked', { name: alice.name }]],
    reprompt: 'welcome.reprompt',
  },
  {
    what: 'hello',
    situation: 'linked',
    turn: ask('HelloWorldIntent'),
    speech: [['hello.linked', { name: alice.name }]],
  },
  { what: 'help when linked', situation: 'linked', turn: ask('AMAZON.HelpIntent'), speech: [['help.linked']] },
  {
    what: 'email address',
    situation: 'linked',
    turn: ask('RequestInfoIntent', { value: 'x', id: 'emailAddress' }),
    speech: [['infoType.emailAddress.value', { value: alice.email }]],
    reprompt: 'profile.reprompt',
    card: simpleCard(['emailAddress', alice.email]),
  },
  {
    what: 'username',
    situation: 'linked',
    turn: ask('RequestInfoIntent', { value: 'x', id: 'userName' }),
    speech: [['infoType.userName.value', { value: ALICE.username }]],
    card: simpleCard(['userName', ALICE.username]),
  },
  {
    what: 'full profile, not understood',
    situation: 'linked',
    turn: ask('RequestInfoIntent', { value: 'x' }),
    speech: [
      ['profile.notSure'],
      ...ALICE_FIELDS.map(({ id, value }): [string, Record<string, string>?] =>
        value === undefined ? [`infoType.${id}.missing`] : [`infoType.${id}.value`, { value }],
      ),
    ],
    card: simpleCard(...ALICE_FIELDS.map(({ id, value }): [string, string | undefined] => [id, value])),
  },
  { what: 'linking, on opening', situation: 'not linked', turn: launch, speech: [['linking.launch']], card: LINK_CARD },
  {
    what: 'linking, on a question',
    situation: 'not linked',
    turn: ask('RequestInfoIntent', { value: 'x', id: 'emailAddress' }),
    speech: [['linking.notLinked']],
    card: LINK_CARD,
  },
  { what: 'relink', situation: 'relink needed', turn: launch, speech: [['linking.relinkNeeded']], card: LINK_CARD },
  {
    what: 'help when not linked',
    situation: 'not linked',
    turn: ask('AMAZON.HelpIntent'),
    speech: [['help.notLinked']],
    reprompt: 'help.reprompt',
  },
  {
    what: 'apology',
    situation: 'Cognito unavailable',
    turn: launch,
    speech: [['unavailable.message']],
    reprompt: 'unavailable.reprompt',
  },
  { what: 'goodbye', situation: 'not linked', turn: ask('AMAZON.StopIntent'), speech: [['goodbye']] },
  {
    what: 'fallback',
    situation: 'linked',
    turn: ask('AMAZON.FallbackIntent'),
    speech: [['fallback.message']],
    reprompt: 'fallback.reprompt',
  },
];

async function expectTurn(expected: Turn, requestLocale: string, answerLocale: string) {
  const response = await expected.turn(expected.situation, requestLocale);
  expect(spoken(response)).toBe(expected.speech.map(([key, values]) => rendered(answerLocale, key, values)).join(' '));
  if (expected.reprompt) expect(repromptOf(response)).toBe(rendered(answerLocale, expected.reprompt));
  expect(response.response.card).toEqual(expected.card?.(answerLocale));
}

describe.each(LOCALES)('in %s', (locale) => {
  test.each(TURNS.map((turn) => [turn.what, turn] as const))('%s', (_what, expected) =>
    expectTurn(expected, locale, locale),
  );
});

test.each([
  ['de-DE', 'Willkommen zurück, Alice Smith!'],
  ['es-ES', '¡Hola de nuevo, Alice Smith!'],
  ['en-GB', 'Welcome back, Alice Smith!'],
])('a spot check that %s is not English by accident: "%s"', async (locale, start) => {
  expect(spoken(await skill.talk('linked', locale).launch()).startsWith(start)).toBe(true);
});

describe('a locale the skill has no words for', () => {
  // Another region of a language the skill speaks keeps its region (list punctuation included).
  test.each([
    ['en-IN', 'en-IN'],
    ['en-AU', 'en-AU'],
    ['de-AT', 'de-AT'],
    ['es-MX', 'es-MX'],
    ['es-US', 'es-US'],
    ['fr-FR', 'en-US'],
    ['it-IT', 'en-US'],
    ['ja-JP', 'en-US'],
    ['pt-BR', 'en-US'],
  ])('%s: every answer in the closest language (as %s), never a key', async (requestLocale, answerLocale) => {
    for (const turn of TURNS) await expectTurn(turn, requestLocale, answerLocale);
    expect(spoken(await skill.talk('linked', requestLocale).launch())).not.toMatch(/welcome\.|youCanAskFor/);
  });

  test('is logged once per container, not per request, with nothing but the locale', async () => {
    const own = unitSkill();
    const conversation = new Conversation(own.send('fr-CA'), { locale: 'fr-CA', accessToken: 'token-alice' });
    await conversation.launch();
    await conversation.ask('RequestInfoIntent', { value: 'x', id: 'emailAddress' });
    await own.talk('linked', 'fr-CA').launch();
    const noted = own.logs.map((text) => JSON.parse(text)).filter((entry) => entry.locale !== undefined);
    expect(noted).toEqual([expect.objectContaining({ level: 'warn', locale: 'fr-CA' })]);
    expect(own.logs.join('\n')).not.toMatch(/alice|token-alice/i);
  });
});
