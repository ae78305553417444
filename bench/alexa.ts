import * as alexa from '@profile-keeper/alexa-simulator/src/envelopes';

/**
 * What the benchmark sends and reads: Alexa envelopes from the simulator's builders (one way to
 * shape them), a session carried from turn to turn the way Alexa carries it.
 */
export interface AlexaAnswer {
  sessionAttributes?: Record<string, unknown>;
  response: { outputSpeech?: { ssml?: string }; card?: { type: string; content?: string } };
}

export type SendEnvelope = (envelope: unknown) => Promise<AlexaAnswer>;

/** What Alexa would say, without the SSML wrapper. */
export const speechOf = (answer: AlexaAnswer): string =>
  (answer.response.outputSpeech?.ssml ?? '').replace(/<[^>]+>/g, '').trim();

function context(skillId: string, accessToken?: string, session = alexa.newSessionId()): alexa.EnvelopeContext {
  const device = {
    skillId,
    userId: 'amzn1.ask.account.BENCH',
    deviceId: 'amzn1.ask.device.BENCH',
    apiEndpoint: 'https://api.amazonalexa.com',
  };
  return { device, locale: 'en-US', accessToken, session: { sessionId: session, isNew: true, attributes: {} } };
}

/** A LaunchRequest opening a new session, with or without the user's access token. */
export const launchRequest = (skillId: string, accessToken?: string) =>
  alexa.launchRequest(context(skillId, accessToken));

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
export async function fiveTurnSession(
  send: SendEnvelope,
  user: { skillId: string; accessToken: string },
): Promise<AlexaAnswer[]> {
  const ctx = context(user.skillId, user.accessToken);
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
