import { ssmlSafe } from './ssml';

/** The translate function components get from Jovo (`this.$t`). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Values that came from outside the skill (a user's own name, email, username). */
export type UserValues = Record<string, string>;

// Private-use code points: they never occur in the translations, and i18next treats them as text.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

/**
 * Translates `key` with user values kept away from i18next. i18next evaluates `$t(...)` nesting
 * and `{{...}}` interpolation inside the strings it is given, so a Cognito `name` such as
 * `Eve $t(goodbye)` would run as a template. Here i18next only sees opaque markers; the values
 * replace them afterwards, in one pass, through `escape`.
 */
function render(t: Translate, key: string, values: UserValues, escape: (value: string) => string): string {
  const names = Object.keys(values);
  const markers = Object.fromEntries(names.map((name, index) => [name, `${OPEN}${index}${CLOSE}`]));
  return t(key, markers).replace(MARKER, (_, index: string) => escape(values[names[Number(index)]] ?? ''));
}

/** For Alexa's speech (SSML): user values are escaped after translation. */
export function speech(t: Translate, key: string, values: UserValues = {}): string {
  return render(t, key, values, ssmlSafe);
}

/** For card text (plain text in the Alexa app): user values as they are, still never evaluated. */
export function cardText(t: Translate, key: string, values: UserValues = {}): string {
  return render(t, key, values, (value) => value);
}
