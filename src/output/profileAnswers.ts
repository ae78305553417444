import { CognitoUser, fieldValue, PROFILE_FIELDS, ProfileField } from '../profileFields';
import { ssmlSafe } from './ssml';
import { cardText, speech, Translate } from './userText';

/**
 * What the skill says and shows about a user's profile, within Alexa's limits whatever the user put
 * into it. Alexa refuses a response whose outputSpeech is over 8,000 characters, or whose card text
 * (title and content) is, and the user hears an error. Cognito lets a user keep 2,048 characters in
 * `name` or `email`; escaped for SSML, a name of ampersands grows fivefold. So a value longer than
 * SPOKEN_VALUE_MAX is not read out (the user hears that it is on the card), and a card that would be
 * too long shows "too long" in place of its longest values.
 */
export const CARD_MAX = 8000;
/** Escaped SSML characters of one spoken value: a long email address fits, and so does a full profile of them. */
export const SPOKEN_VALUE_MAX = 300;

export interface ProfileAnswer {
  speech: string;
  card: string;
}

/** Whether a user's value can be read out (escaped, it stays within SPOKEN_VALUE_MAX). */
export function fitsSpeech(value: string): boolean {
  return ssmlSafe(value).length <= SPOKEN_VALUE_MAX;
}

type Told =
  | { kind: 'value'; value: string }
  /** No sign-in name the user would recognise: the email address they sign in with. */
  | { kind: 'sign-in'; value: string }
  | { kind: 'missing' };

function told(field: ProfileField, user: CognitoUser): Told {
  const value = fieldValue(field, user);
  if (value !== undefined) return { kind: 'value', value };
  const email = user.attributes.email;
  return field.signInName && email !== undefined ? { kind: 'sign-in', value: email } : { kind: 'missing' };
}

function fieldSpeech(t: Translate, field: ProfileField, what: Told): string {
  if (what.kind === 'missing') return speech(t, `infoType.${field.id}.missing`);
  if (!fitsSpeech(what.value)) return speech(t, `infoType.${field.id}.value`, { value: t('profile.tooLong') });
  return what.kind === 'sign-in'
    ? speech(t, 'profile.signInWith', { email: what.value })
    : speech(t, `infoType.${field.id}.value`, { value: what.value });
}

interface CardLine {
  label: string;
  /** The user's value, or undefined when the line says "not set". */
  value?: string;
}

function cardLine(t: Translate, field: ProfileField, what: Told): CardLine {
  const label = t(what.kind === 'sign-in' ? 'profile.signInLabel' : `infoType.${field.id}.label`);
  return { label, value: what.kind === 'missing' ? undefined : what.value };
}

/** The card's text, each line "label: value"; while title and text are over CARD_MAX, the longest value gives way. */
function cardContent(t: Translate, title: string, lines: CardLine[]): string {
  const shown = lines.map((line) => ({ ...line }));
  const render = () =>
    shown
      .map(({ label, value }) => cardText(t, 'profile.cardLine', { label, value: value ?? t('profile.cardNotSet') }))
      .join('\n');
  let content = render();
  while (title.length + content.length > CARD_MAX) {
    const tooLong = t('profile.cardTooLong');
    const longest = shown.reduce((a, b) => ((b.value?.length ?? 0) > (a.value?.length ?? 0) ? b : a));
    // Nothing left to shorten (the words alone are over the limit): the card as it is.
    if ((longest.value?.length ?? 0) <= tooLong.length) break;
    longest.value = tooLong;
    content = render();
  }
  return content;
}

/** One field the user asked for. */
export function fieldAnswer(t: Translate, field: ProfileField, user: CognitoUser, title: string): ProfileAnswer {
  const what = told(field, user);
  return { speech: fieldSpeech(t, field, what), card: cardContent(t, title, [cardLine(t, field, what)]) };
}

/** Every field; `understood` false when the user asked for something the skill could not tell apart. */
export function fullProfileAnswer(t: Translate, user: CognitoUser, understood: boolean, title: string): ProfileAnswer {
  const facts = PROFILE_FIELDS.map((field) => [field, told(field, user)] as const);
  const intro = speech(t, understood ? 'profile.intro' : 'profile.notSure');
  return {
    speech: [intro, ...facts.map(([field, what]) => fieldSpeech(t, field, what))].join(' '),
    card: cardContent(
      t,
      title,
      facts.map(([field, what]) => cardLine(t, field, what)),
    ),
  };
}
