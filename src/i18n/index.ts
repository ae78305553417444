import { SkillNames } from '../config';
import { ssmlSafe } from '../output/ssml';
import de from './de.json';
import en from './en.json';
import es from './es.json';

/**
 * Everything the user hears, per language, with the skill's name from app.json (one place decides
 * it): translations say `$t(skill.spokenName)` in speech and cards use `skill.name`.
 */
export function skillTranslations(names: SkillNames) {
  const skill = { name: names.name, spokenName: ssmlSafe(names.name) };
  const withName = (language: { translation: object }) => ({ translation: { ...language.translation, skill } });
  return { en: withName(en), de: withName(de), es: withName(es) };
}
