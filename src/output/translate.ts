import type { Jovo } from '@jovotech/framework';
import { answerLocale } from '../i18n/locales';
import { INFO_TYPE_IDS } from '../infoTypes';
import { Translate } from './userText';

/**
 * What users can ask for, in the answer's language: each InfoType id's `askFor` words, joined as
 * `alternatives.*` of that language says ("your username, your email address, or your full profile").
 * Not Intl.ListFormat: loading its locale data is about a tenth of a cold start.
 */
export function infoTypesList(t: Translate): string {
  const items = INFO_TYPE_IDS.map((id) => t(`infoType.${id}.askFor`));
  if (items.length < 3) return items.join(t('alternatives.pair'));
  return items.slice(0, -1).join(t('alternatives.between')) + t('alternatives.beforeLast') + items[items.length - 1];
}

/**
 * The translate function of a request: Jovo's `$t` in the locale the skill answers in
 * (src/i18n/locales.ts), with `{{infoTypes}}` set for `$t(youCanAskFor)`.
 */
export function translatorFor(jovo: Jovo): Translate {
  const lng = answerLocale(jovo.$request.getLocale());
  const infoTypes = infoTypesList((key) => jovo.$t(key, { lng }));
  return (key, options) => jovo.$t(key, { lng, infoTypes, ...options });
}
