import { SKILL_LOCALES } from '../config';

/**
 * Which locale the skill answers a request in. Alexa sends the device's locale, and a skill can be
 * published to more locales than it has words for (fr-FR, ja-JP, ...): i18next would then speak its
 * keys ("welcome.linked"). A locale of a language the skill speaks keeps its region (de-AT is
 * answered in German, formatted for Austria); any other gets the default.
 */
export const DEFAULT_LOCALE = 'en-US';

const LANGUAGES = new Set<string>(Object.values(SKILL_LOCALES));

function canonical(locale: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined; // not a BCP 47 tag at all
  }
}

/** Whether the skill has words for the language of `requestLocale`. */
export function speaksLanguageOf(requestLocale: string | undefined): boolean {
  const locale = requestLocale ? canonical(requestLocale) : undefined;
  return locale !== undefined && LANGUAGES.has(locale.split('-')[0]);
}

/** The locale to answer `requestLocale` in: the request's own when the skill speaks its language. */
export function answerLocale(requestLocale: string | undefined): string {
  return speaksLanguageOf(requestLocale) ? (canonical(requestLocale as string) as string) : DEFAULT_LOCALE;
}
