import type { Jovo } from '@jovotech/framework';
import { answerLocale } from '../i18n/locales';
import { INFO_TYPE_IDS } from '../infoTypes';
import { Translate } from './userText';

const listFormats = new Map<string, Intl.ListFormat>();

/** "a, b, or c" in `locale`'s words and punctuation. */
function disjunction(locale: string, items: string[]): string {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { type: 'disjunction' });
    listFormats.set(locale, format);
  }
  return format.format(items);
}

/**
 * What users can ask for, in `locale`: each InfoType id's `askFor` words, joined as the language
 * joins alternatives ("your email address, your username, or your full profile").
 */
export function infoTypesList(t: Translate, locale: string): string {
  return disjunction(
    locale,
    INFO_TYPE_IDS.map((id) => t(`infoType.${id}.askFor`)),
  );
}

/**
 * The translate function of a request: Jovo's `$t` in the locale the skill answers in
 * (src/i18n/locales.ts), with `{{infoTypes}}` set for `$t(youCanAskFor)`.
 */
export function translatorFor(jovo: Jovo): Translate {
  const lng = answerLocale(jovo.$request.getLocale());
  const infoTypes = infoTypesList((key) => jovo.$t(key, { lng }), lng);
  return (key, options) => jovo.$t(key, { lng, infoTypes, ...options });
}
