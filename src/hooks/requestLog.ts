import { InputType, Jovo } from '@jovotech/framework';
import model from '../../models/en.json';
import { speaksLanguageOf } from '../i18n/locales';
import { Logger } from '../logger';
import { linkStateOf } from '../sessionUser';

/** Distinct unsupported locales noted per container; a caller inventing locales cannot grow it further. */
const MAX_NOTED_LOCALES = 20;
const LOCALE_SHAPE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

/**
 * A request in a locale the skill has no words for is answered in English (src/i18n/locales.ts);
 * the locale is logged once per container so the developer learns of it, not once per request.
 * Only its shape is trusted: anything else is logged as "malformed".
 */
export function noteUnsupportedLocale(logger: Logger) {
  const noted = new Set<string>();
  return (jovo: Jovo): void => {
    const locale = jovo.$request.getLocale();
    if (locale === undefined || speaksLanguageOf(locale) || noted.size >= MAX_NOTED_LOCALES) return;
    const shown = LOCALE_SHAPE.test(locale) ? locale : 'malformed';
    if (noted.has(shown)) return;
    noted.add(shown);
    logger.warn('no translations for this locale; answering in English', { locale: shown });
  };
}

// What a request may be logged as: anything else a caller put there is logged as "other".
const REQUEST_ID = /^amzn1\.echo-api\.request\.[A-Za-z0-9-]{1,64}$/;
const KNOWN_REQUESTS = new Set<string>([
  ...Object.keys(model.intents),
  ...model.alexa.interactionModel.languageModel.intents.map((intent) => intent.name),
  ...Object.values(InputType),
  'AlexaSkillEvent.SkillAccountLinked',
  'System.ExceptionEncountered',
]);

/**
 * One line per answered request: Alexa's request id, what was asked (intent or request type) and the
 * link state it was answered in. Nothing the user said or is (no slot values, no token, no name),
 * and nothing a caller chose: ids and names outside Alexa's shapes are logged as "other".
 */
export function logRequest(logger: Logger) {
  return (jovo: Jovo): void => {
    const requestId = jovo.$request.getRequestId?.();
    const request = jovo.$input.getIntentName() ?? jovo.$input.type;
    logger.info('request answered', {
      requestId: requestId && REQUEST_ID.test(requestId) ? requestId : 'other',
      request: typeof request === 'string' && KNOWN_REQUESTS.has(request) ? request : 'other',
      linkState: linkStateOf(jovo.$session.data),
    });
  };
}
