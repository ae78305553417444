import * as alexa from '@profile-keeper/alexa-simulator/src/envelopes';

/**
 * What the benchmark sends and reads: Alexa envelopes from the simulator's builders (one way to
 * shape them), a session carried from turn to turn the way Alexa carries it.
 */
export type AlexaAnswer = {
  sessionAttributes?: Record<string, unknown>;
  response: { outputSpeech?: { ssml?: string }; card?: { type: string } };
};

export type SendEnvelope = (envelope: unknown) => Promise<AlexaAnswer>;

/** What Alexa would say, without the SSML wrapper. */
export const speechOf = (answer: AlexaAnswer): string =>
  (answer.response.outputSpeech?.ssml ?? '').replace(/<[^>]+>/g, '').trim();

const DEVICE = { userId: 'amzn1.ask.account.BENCH', deviceId: 'amzn1.ask.device.BENCH', apiEndpoint: '' };

/** A new session's request context. */
export function newSession(skillId: string, accessToken?: string): alexa.EnvelopeContext {
  const session = { sessionId: alexa.newSessionId(), isNew: true, attributes: {} };
  return { device: { ...DEVICE, skillId }, locale: 'en-US', accessToken, session };
}

/** A LaunchRequest opening a new session, with or without the user's access token. */
export const launchRequest = (skillId: string, accessToken?: string) =>
  alexa.launchRequest(newSession(skillId, accessToken));

/** RequestInfoIntent, its InfoType slot as Alexa resolves `said` to the value id `id`. */
export function requestInfo(ctx: alexa.EnvelopeContext, said: string, id: string): alexa.AlexaRequestEnvelope {
  const fill = { value: said, resolution: { id, name: said } };
  return alexa.intentRequest('RequestInfoIntent', [{ name: 'infoTypeRequested', type: 'InfoType', fill }], ctx);
}

/**
 * The linked session every figure is measured with, as a user would have it: open the skill, ask
 * for the email, the username, say hello, ask for the whole profile. Session id and attributes are
 * carried from answer to request.
 */
export async function fiveTurnSession(send: SendEnvelope, user: { skillId: string; accessToken: string }) {
  const ctx = newSession(user.skillId, user.accessToken);
  const turns = [
    () => alexa.launchRequest(ctx),
    () => requestInfo(ctx, 'email', 'emailAddress'),
    () => requestInfo(ctx, 'user name', 'userName'),
    () => alexa.intentRequest('HelloWorldIntent', [], ctx),
    () => requestInfo(ctx, 'profile', 'fullProfile'),
  ];
  const answers: AlexaAnswer[] = [];
  for (const turn of turns) {
    answers.push(await send(turn()));
    ctx.session = { ...ctx.session, isNew: false, attributes: answers[answers.length - 1].sessionAttributes ?? {} };
  }
  return answers;
}
