import { AlexaRequestEnvelope } from './envelopes';
import { SkillEndpointError } from './errors';
import { decodeEntities } from './hostedUiSignIn';

/** Alexa gives a skill 8 seconds to answer, then tells the user the skill is not responding. */
const ALEXA_SKILL_TIMEOUT_MS = 8000;

type Speech = { ssml?: string; text?: string };
export interface AlexaResponseEnvelope {
  sessionAttributes?: Record<string, unknown>;
  response?: {
    outputSpeech?: Speech;
    reprompt?: { outputSpeech?: Speech };
    card?: { type: string; title?: string; content?: string; text?: string };
    shouldEndSession?: boolean | null;
  };
}

/** What a person notices of an answer: the words, the reprompt and the card in the Alexa app. */
export interface Heard {
  speech: string;
  reprompt: string;
  card?: { type: string; title?: string; content?: string };
}

/**
 * POSTs one envelope to the skill as Alexa does (JSON over HTTP(S): a local server or a deployed
 * HTTPS endpoint). An endpoint that verifies Alexa's request signature refuses it: the simulator
 * cannot sign as Amazon.
 */
export async function postToSkill(endpoint: string, envelope: AlexaRequestEnvelope): Promise<AlexaResponseEnvelope> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(envelope),
      signal: AbortSignal.timeout(ALEXA_SKILL_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const what = timedOut ? `did not answer within ${ALEXA_SKILL_TIMEOUT_MS / 1000} s` : 'is unreachable';
    throw new SkillEndpointError(`the skill at ${endpoint} ${what}`);
  }
  const text = await response.text();
  if (!response.ok) throw new SkillEndpointError(`the skill answered HTTP ${response.status}`);
  try {
    return text ? (JSON.parse(text) as AlexaResponseEnvelope) : {}; // skill events may get an empty body
  } catch {
    throw new SkillEndpointError('the skill answered with something that is not JSON');
  }
}

/** SSML to the words a listener hears: tags dropped, entities decoded, spaces tidied. */
function spoken(speech: Speech | undefined): string {
  if (speech?.ssml === undefined) return (speech?.text ?? '').trim();
  const text = speech.ssml.replace(/<break[^>]*>/gi, ' ').replace(/<[^>]+>/g, '');
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

export function heardFrom(answer: AlexaResponseEnvelope): Heard {
  const { outputSpeech, reprompt, card } = answer.response ?? {};
  // Simple cards have `content`, Standard cards `text`; LinkAccount cards have neither.
  const content = card?.content ?? card?.text;
  return {
    speech: spoken(outputSpeech),
    reprompt: spoken(reprompt?.outputSpeech),
    ...(card && { card: { type: card.type, title: card.title, content } }),
  };
}
