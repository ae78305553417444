import de from '../../../src/i18n/de.json';
import en from '../../../src/i18n/en.json';
import es from '../../../src/i18n/es.json';
import { spokenText } from '../../support/ssml';

interface AlexaAnswer {
  version?: unknown;
  response?: {
    outputSpeech?: { ssml?: string };
    reprompt?: { outputSpeech?: { ssml?: string } };
    shouldEndSession?: boolean;
  };
}

/** An Alexa response the device can play: version and a response object. */
export function isAlexaResponse(body: unknown): boolean {
  const candidate = body as AlexaAnswer;
  return (
    typeof candidate?.version === 'string' && typeof candidate.response === 'object' && candidate.response !== null
  );
}

const GENERIC_ERRORS = [en, de, es].map((language) => language.translation.error.generic);

/**
 * What a user would notice is wrong with the skill's answer to `envelope` (undefined: nothing). A
 * launch or intent request gets words (well-formed SSML, not the "something went wrong" answer),
 * and a reprompt when the session stays open; a session end gets no speech; any speech is SSML
 * Alexa can play.
 */
export function answerProblem(envelope: unknown, body: unknown): string | undefined {
  if (!isAlexaResponse(body)) return 'not a playable Alexa response';
  const { outputSpeech, reprompt, shouldEndSession } = (body as Required<AlexaAnswer>).response ?? {};
  const type = (envelope as { request?: { type?: unknown } } | null)?.request?.type;
  if (type === 'SessionEndedRequest') return outputSpeech ? 'speech after the session ended' : undefined;
  let words = '';
  let repromptWords = '';
  try {
    if (outputSpeech) words = spokenText(outputSpeech.ssml);
    if (reprompt?.outputSpeech) repromptWords = spokenText(reprompt.outputSpeech.ssml);
  } catch (error) {
    return (error as Error).message;
  }
  if (type !== 'LaunchRequest' && type !== 'IntentRequest') return undefined;
  if (words === '') return `no speech for a ${type} (the user is waiting for an answer)`;
  if (GENERIC_ERRORS.includes(words)) return `the generic error answer for a ${type}`;
  if (shouldEndSession === false && repromptWords === '') return 'the session stays open without a reprompt';
  return undefined;
}
