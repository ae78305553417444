import { SKILL_LOCALES, SKILL_NAMES, SkillLocale } from '../../../src/config';
import de from '../../../src/i18n/de.json';
import en from '../../../src/i18n/en.json';
import es from '../../../src/i18n/es.json';

export const LOCALES = Object.keys(SKILL_LOCALES) as SkillLocale[];

const FILES: Record<string, { translation: object }> = { en, de, es };

/** The text of `key` (a dot path) as written in `locale`'s translation file. */
export function translation(locale: SkillLocale, key: string): string {
  let node: unknown = FILES[SKILL_LOCALES[locale]].translation;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`${SKILL_LOCALES[locale]}.json has no text "${key}"`);
  return node;
}

/**
 * What a user of `locale` must hear or read for `key`, worked out from the translation file alone:
 * `$t(...)` references expanded, `{{placeholders}}` replaced by `values` taken literally (a value
 * that looks like a template stays as it is).
 */
export function rendered(locale: SkillLocale, key: string, values: Record<string, string> = {}): string {
  return translation(locale, key)
    .replace(/\$t\(([\w.]+)\)/g, (_, ref: string) =>
      ref.startsWith('skill.') ? SKILL_NAMES.name : translation(locale, ref),
    )
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`no value for {{${name}}} in "${key}"`);
      return values[name];
    });
}
