import { TestSuite } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { App } from '@jovotech/framework';
import { randomUUID } from 'node:crypto';
import type { SessionEndedReason } from '@profile-keeper/alexa-simulator/src/envelopes';
import { intentRequest, launchRequest, sessionEndedRequest } from './alexaEnvelopes';

/** The parts of Alexa's response a user notices. */
export interface AlexaResponse {
  version: string;
  sessionAttributes?: Record<string, unknown> & { data?: Record<string, unknown>; state?: { component: string }[] };
  response: {
    outputSpeech?: { type: string; ssml?: string; text?: string };
    reprompt?: { outputSpeech?: { ssml?: string } };
    card?: { type: string; title?: string; content?: string };
    shouldEndSession?: boolean;
  };
}

export type SendEnvelope = (envelope: unknown) => Promise<AlexaResponse>;

/** What Alexa would say, without the SSML wrapper. */
export function speechOf(response: AlexaResponse): string {
  const ssml = response.response.outputSpeech?.ssml ?? response.response.outputSpeech?.text ?? '';
  return ssml.replace(/<[^>]+>/g, '').trim();
}

export function repromptOf(response: AlexaResponse): string {
  return (response.response.reprompt?.outputSpeech?.ssml ?? '').replace(/<[^>]+>/g, '').trim();
}

/**
 * Sends envelopes through Jovo's TestSuite (in process). The envelope carries the whole session,
 * as Alexa's do, so the suite's own remembered state is cleared before each turn; with its
 * jest hooks off it can be built inside beforeAll, once the identity service's URL is known.
 */
export function viaTestSuite(app: App, locale: string): SendEnvelope {
  const suite = new TestSuite({
    app,
    platform: AlexaPlatform,
    locale,
    data: { deleteAfterEach: false, deleteAfterAll: false },
  } as never);
  return async (envelope) => {
    suite.clearData();
    return (await suite.run(envelope as never)).response as unknown as AlexaResponse;
  };
}

/** Sends envelopes to a running skill server over HTTP, as Alexa does. */
export function viaHttp(webhookUrl: string): SendEnvelope {
  return async (envelope) => {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
    if (!res.ok) throw new Error(`skill answered HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as AlexaResponse;
  };
}

/**
 * One Alexa session: keeps the session id and the attributes the skill returned, and ends when
 * the skill says so — the way Alexa carries a conversation from turn to turn.
 */
export class Conversation {
  private sessionId = `amzn1.echo-api.session.${randomUUID()}`;
  private attributes: Record<string, unknown> = {};
  private isNew = true;

  constructor(
    private readonly send: SendEnvelope,
    private readonly options: { locale?: string; accessToken?: string },
  ) {}

  startIn(component: string, data: Record<string, unknown> = {}): this {
    this.isNew = false;
    this.attributes = { state: [{ component }], data };
    return this;
  }

  set accessToken(token: string | undefined) {
    this.options.accessToken = token;
  }

  private context() {
    return {
      locale: this.options.locale,
      accessToken: this.options.accessToken,
      sessionId: this.sessionId,
      newSession: this.isNew,
      attributes: this.attributes,
    };
  }

  private async turn(envelope: unknown): Promise<AlexaResponse> {
    const response = await this.send(envelope);
    this.isNew = false;
    this.attributes = response.sessionAttributes ?? {};
    if (response.response.shouldEndSession) this.newSession();
    return response;
  }

  newSession(): void {
    this.sessionId = `amzn1.echo-api.session.${randomUUID()}`;
    this.attributes = {};
    this.isNew = true;
  }

  launch(): Promise<AlexaResponse> {
    return this.turn(launchRequest(this.context()));
  }

  ask(intent: string, slot?: { value: string; id?: string }): Promise<AlexaResponse> {
    return this.turn(intentRequest(intent, this.context(), slot));
  }

  end(reason?: SessionEndedReason): Promise<AlexaResponse> {
    return this.turn(sessionEndedRequest(this.context(), reason));
  }
}
