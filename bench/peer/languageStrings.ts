// The skill's own texts (src/i18n), gathered the way ASK SDK samples keep theirs: one object with
// every language, handed to i18next at each request.
import de from '../../src/i18n/de.json';
import en from '../../src/i18n/en.json';
import es from '../../src/i18n/es.json';

export const languageStrings = { en, de, es };
