// The skill's own texts (src/i18n), gathered the way ASK SDK samples keep theirs: one object with
// every language, handed to i18next at each request, with the skill's name the texts refer to.
import appJson from '../../app.json';
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';

const skill = { name: appJson.skill.name, spokenName: appJson.skill.name };
const withName = (language: { translation: object }) => ({ translation: { ...language.translation, skill } });

export const languageStrings = { en: withName(en), de: withName(de), es: withName(es) };
