import { SKILL_LOCALES, SKILL_NAMES, SkillLocale } from '../../src/config';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';
import model from '../../models/en.json';

export const LOCALES = Object.keys(SKILL_LOCALES) as SkillLocale[];

const FILES: Record<string, { translation: object }> = { en, de, es };

/** The translation file a locale is answered from (its language's; English for a language the skill lacks). */
function fileOf(locale: string): { translation: object } {
  return FILES[locale.split('-')[0]] ?? en;
}

/** The text of `key` (a dot path) as written in the translation file of `locale`. */
export function translation(locale: string, key: string): string {
  let node: unknown = fileOf(locale).translation;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no text "${key}" for ${locale}`);
  return node;
}

/**
 * What users can ask for, worked out from the sources: the InfoType ids of the model, each one's
 * `askFor` words in the translation file, joined as Intl.ListFormat joins alternatives in that
 * file's language (the skill writes the same joins in `alternatives.*`, without Intl's data load).
 */
export function infoTypesIn(locale: string): string {
  const ids = model.entityTypes.InfoType.values.map((value) => value.id);
  const words = ids.map((id) => translation(locale, `infoType.${id}.askFor`));
  const language = FILES[locale.split('-')[0]] ? locale.split('-')[0] : 'en';
  return new Intl.ListFormat(language, { type: 'disjunction' }).format(words);
}

/**
 * What a user of `locale` must hear or read for `key`, worked out from the translation file alone:
 * `$t(...)` references expanded, `{{placeholders}}` replaced by `values` taken literally (a value
 * that looks like a template stays as it is); `{{infoTypes}}` is what users can ask for.
 */
export function rendered(locale: string, key: string, values: Record<string, string> = {}): string {
  const all: Record<string, string> = { infoTypes: infoTypesIn(locale), ...values };
  return translation(locale, key)
    .replace(/\$t\(([\w.]+)\)/g, (_, ref: string) =>
      ref.startsWith('skill.') ? SKILL_NAMES.name : translation(locale, ref),
    )
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in all)) throw new Error(`no value for {{${name}}} in "${key}"`);
      return all[name];
    });
}

interface ProfileUser {
  username: string;
  attributes: Record<string, string | undefined>;
}

/**
 * What the skill says for one field of a user's profile, worked out from the field list and the
 * translations: the attribute; for the sign-in name the username unless Cognito generated it (a
 * UUID), else the email address they sign in with; else the field's "missing" sentence.
 */
export function fieldSpeech(
  locale: string,
  field: { id: string; attribute: string; signInName?: boolean },
  user: ProfileUser,
): string {
  const value = user.attributes[field.attribute];
  if (value !== undefined) return rendered(locale, `infoType.${field.id}.value`, { value });
  if (field.signInName && !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(user.username)) {
    return rendered(locale, `infoType.${field.id}.value`, { value: user.username });
  }
  const email = user.attributes.email;
  if (field.signInName && email !== undefined) return rendered(locale, 'profile.signInWith', { email });
  return rendered(locale, `infoType.${field.id}.missing`);
}
