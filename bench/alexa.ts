import * as alexa from '@profile-keeper/alexa-simulator/src/envelopes';

/**
 * What the benchmark sends and reads: Alexa envelopes from the simulator's builders (one way to
 * shape them), and one user's session carried from turn to turn the way Alexa carries it.
 */
export interface AlexaAnswer {
  sessionAttributes?: Record<string, unknown>;
  response: {
    outputSpeech?: { ssml?: string; text?: string };
    card?: { type: string; title?: string; content?: string };
    shouldEndSession?: boolean;
  };
}

export type SendEnvelope = (envelope: unknown) => Promise<AlexaAnswer>;

/** What Alexa would say, without the SSML wrapper. */
export function speechOf(answer: AlexaAnswer): string {
  const speech = answer.response.outputSpeech;
  return (speech?.ssml ?? speech?.text ?? '').replace(/<[^>]+>/g, '').trim();
}

export function benchDevice(skillId: string): alexa.Device {
  return {
    skillId,
    userId: 'amzn1.ask.account.BENCHUSER',
    deviceId: 'amzn1.ask.device.BENCH',
    apiEndpoint: 'https://api.amazonalexa.com',
  };
}

/** A LaunchRequest opening a new session, with or without the user's access token. */
export function launchRequest(skillId: string, accessToken?: string): alexa.AlexaRequestEnvelope {
  return alexa.launchRequest({
    device: benchDevice(skillId),
    locale: 'en-US',
    accessToken,
    session: { sessionId: alexa.newSessionId(), isNew: true, attributes: {} },
  });
}

/** The slot values of RequestInfoIntent (models/*.json, type InfoType), as Alexa resolves them. */
export type InfoType = 'emailAddress' | 'userName' | 'fullProfile';

/** One Alexa session: session id and attributes carried from answer to request. */
export class AlexaSession {
  private readonly sessionId = alexa.newSessionId();
  private attributes: Record<string, unknown> = {};
  private isNew = true;

  constructor(
    private readonly send: SendEnvelope,
    private readonly options: { skillId: string; accessToken?: string; locale?: string },
  ) {}

  private context(): alexa.EnvelopeContext {
    return {
      device: benchDevice(this.options.skillId),
      locale: this.options.locale ?? 'en-US',
      accessToken: this.options.accessToken,
      session: { sessionId: this.sessionId, isNew: this.isNew, attributes: this.attributes },
    };
  }

  private async turn(envelope: alexa.AlexaRequestEnvelope): Promise<AlexaAnswer> {
    const answer = await this.send(envelope);
    this.isNew = false;
    this.attributes = answer.sessionAttributes ?? {};
    return answer;
  }

  launch(): Promise<AlexaAnswer> {
    return this.turn(alexa.launchRequest(this.context()));
  }

  /** An intent; RequestInfoIntent carries its slot as Alexa sends it (a resolved value, or empty). */
  ask(intent: string, info?: { said: string; id: InfoType }): Promise<AlexaAnswer> {
    const slots: alexa.IntentSlotSpec[] =
      intent === 'RequestInfoIntent'
        ? [
            {
              name: 'infoTypeRequested',
              type: 'InfoType',
              fill: info && { value: info.said, resolution: { id: info.id, name: info.said } },
            },
          ]
        : [];
    return this.turn(alexa.intentRequest(intent, slots, this.context()));
  }

  end(): Promise<AlexaAnswer> {
    return this.turn(alexa.sessionEndedRequest(this.context()));
  }
}
