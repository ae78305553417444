import { AlexaRequestEnvelope } from './envelopes';
import { SkillEndpointError } from './errors';
import { AlexaResponseEnvelope } from './responses';

/** Alexa gives a skill 8 seconds to answer, then tells the user the skill is not responding. */
export const ALEXA_SKILL_TIMEOUT_MS = 8000;

/**
 * POSTs one envelope to the skill as Alexa does (JSON over HTTP(S), any URL: the local express
 * server or a deployed HTTPS endpoint). A deployed endpoint that verifies Alexa's request
 * signature answers 400 here: the simulator cannot sign as Amazon.
 */
export async function postToSkill(
  endpoint: string,
  envelope: AlexaRequestEnvelope,
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = ALEXA_SKILL_TIMEOUT_MS,
): Promise<AlexaResponseEnvelope> {
  let response: Response;
  try {
    response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(envelope),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new SkillEndpointError(
      `the skill at ${endpoint} ${timedOut ? `did not answer within ${timeoutMs / 1000} s` : 'is unreachable'}`,
    );
  }
  const text = await response.text();
  if (!response.ok) throw new SkillEndpointError(`the skill answered HTTP ${response.status}`, response.status);
  // Skill events may be answered with an empty body.
  if (!text) return {};
  try {
    return JSON.parse(text) as AlexaResponseEnvelope;
  } catch {
    throw new SkillEndpointError('the skill answered with something that is not JSON', response.status);
  }
}
