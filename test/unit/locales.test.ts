/**
 * Every locale the skill ships (en-US, en-GB, de-DE, es-ES) speaks its own language in every
 * answer, from its translation file, and its cards are in that language too.
 */
import { describe, expect, test } from '@jest/globals';
import { SkillLocale } from '../../src/config';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';
import { AlexaResponse, repromptOf } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { LOCALES, rendered } from './support/expectedText';
import { Situation, unitSkill } from './support/unitSkill';

const skill = unitSkill();
const alice = { name: 'Alice Smith', username: 'alice', email: 'alice@example.com' };
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
  turn: (situation: Situation, locale: SkillLocale) => Promise<AlexaResponse>;
  speech: string[];
  reprompt?: string;
  card?: (locale: SkillLocale) => unknown;
}

const launch = (situation: Situation, locale: SkillLocale) => skill.talk(situation, locale).launch();
const ask = (intent: string, slot?: { value: string; id?: string }) => (situation: Situation, locale: SkillLocale) =>
  skill.talk(situation, locale).ask(intent, slot);
const LINK_CARD = () => ({ type: 'LinkAccount' });
const simpleCard =
  (...keys: string[]) =>
  (locale: SkillLocale) => ({
    type: 'Simple',
    title: 'Profile Keeper',
    content: keys.map((key) => rendered(locale, key, alice)).join('\n'),
  });

const TURNS: Turn[] = [
  { what: 'welcome', situation: 'linked', turn: launch, speech: ['welcome.linked'], reprompt: 'welcome.reprompt' },
  { what: 'hello', situation: 'linked', turn: ask('HelloWorldIntent'), speech: ['hello.linked'] },
  { what: 'help when linked', situation: 'linked', turn: ask('AMAZON.HelpIntent'), speech: ['help.linked'] },
  {
    what: 'email address',
    situation: 'linked',
    turn: ask('RequestInfoIntent', { value: 'x', id: 'emailAddress' }),
    speech: ['profile.emailAddress'],
    reprompt: 'profile.reprompt',
    card: simpleCard('profile.cardEmail'),
  },
  {
    what: 'username',
    situation: 'linked',
    turn: ask('RequestInfoIntent', { value: 'x', id: 'userName' }),
    speech: ['profile.userName'],
    card: simpleCard('profile.cardUserName'),
  },
  {
    what: 'full profile, not understood',
    situation: 'linked',
    turn: ask('RequestInfoIntent', { value: 'x' }),
    speech: ['profile.notSure', 'profile.fullProfile'],
    card: simpleCard('profile.cardName', 'profile.cardUserName', 'profile.cardEmail'),
  },
  {
    what: 'linking, on opening',
    situation: 'not linked',
    turn: launch,
    speech: ['linking.launch'],
    card: LINK_CARD,
  },
  {
    what: 'linking, on a question',
    situation: 'not linked',
    turn: ask('RequestInfoIntent', { value: 'x', id: 'emailAddress' }),
    speech: ['linking.notLinked'],
    card: LINK_CARD,
  },
  { what: 'relink', situation: 'relink needed', turn: launch, speech: ['linking.relinkNeeded'], card: LINK_CARD },
  {
    what: 'help when not linked',
    situation: 'not linked',
    turn: ask('AMAZON.HelpIntent'),
    speech: ['help.notLinked'],
    reprompt: 'help.reprompt',
  },
  {
    what: 'apology',
    situation: 'Cognito unavailable',
    turn: launch,
    speech: ['unavailable.message'],
    reprompt: 'unavailable.reprompt',
  },
  { what: 'goodbye', situation: 'not linked', turn: ask('AMAZON.StopIntent'), speech: ['goodbye'] },
  {
    what: 'fallback',
    situation: 'linked',
    turn: ask('AMAZON.FallbackIntent'),
    speech: ['fallback.message'],
    reprompt: 'fallback.reprompt',
  },
];

describe.each(LOCALES)('in %s', (locale) => {
  test.each(TURNS.map((turn) => [turn.what, turn] as const))('%s', async (_what, expected) => {
    const response = await expected.turn(expected.situation, locale);
    expect(spoken(response)).toBe(expected.speech.map((key) => rendered(locale, key, alice)).join(' '));
    if (expected.reprompt) expect(repromptOf(response)).toBe(rendered(locale, expected.reprompt));
    expect(response.response.card).toEqual(expected.card?.(locale));
  });
});

test.each<[SkillLocale, string]>([
  ['de-DE', 'Willkommen zurück, Alice Smith!'],
  ['es-ES', '¡Hola de nuevo, Alice Smith!'],
  ['en-GB', 'Welcome back, Alice Smith!'],
])('a spot check that %s is not English by accident: "%s"', async (locale, start) => {
  expect(spoken(await skill.talk('linked', locale).launch()).startsWith(start)).toBe(true);
});
