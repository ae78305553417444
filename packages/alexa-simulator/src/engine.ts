import {
  AlexaRequestEnvelope,
  Device,
  intentRequest,
  IntentSlotSpec,
  launchRequest,
  newDeviceId,
  newUserId,
  redactEnvelope,
  SessionEndedReason,
  sessionEndedRequest,
  skillAccountLinkedEvent,
} from './envelopes';
import { SimulatorError } from './errors';
import { signInThroughHostedUi, SignInCredentials } from './hostedUiSignIn';
import { findIntent, InteractionModel, loadInteractionModel, ModelLocation } from './interactionModel';
import { AccountLink, LinkStatus } from './linking';
import { cardOf, repromptOf, speechOf } from './responses';
import { postToSkill } from './skillEndpoint';
import { AlexaSession } from './session';
import { linkNote, Transcript, TurnResult } from './transcript';
import { fillSlot, MatchedBy, SlotFill, understand } from './utterances';

export type { TurnResult } from './transcript';

/**
 * The Alexa side of one customer with one device: turns text (or a picked intent) into request
 * envelopes, carries the session, holds the account link (refreshing its token before a request
 * when needed) and sends everything to the skill endpoint — local express or deployed HTTPS.
 */
export interface EngineOptions {
  skillEndpoint: string;
  skillId: string;
  link: AccountLink;
  models: ModelLocation;
  locale?: string;
  userId?: string;
  deviceId?: string;
  /** Alexa gives a skill 8 seconds to answer. */
  skillTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface PickedIntent {
  intent: string;
  /** Slot name -> what the user said; custom types are resolved against the model. */
  slots?: Record<string, string>;
}

export class SimulatorEngine {
  readonly device: Device;
  private readonly session = new AlexaSession();
  private currentLocale: string;
  private readonly transcriptEntries = new Transcript();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: EngineOptions) {
    this.device = {
      skillId: options.skillId,
      userId: options.userId ?? newUserId(),
      deviceId: options.deviceId ?? newDeviceId(),
      apiEndpoint: 'https://api.amazonalexa.com',
    };
    this.currentLocale = options.locale ?? 'en-US';
    this.fetch = options.fetch ?? fetch;
    options.link.onEvent((event) => {
      if (event.type === 'linked') return; // the SkillAccountLinked entry says it
      const note =
        event.type === 'refreshed'
          ? 'Access token refreshed with the refresh token.'
          : event.type === 'unlinked'
            ? 'Account unlinked: tokens forgotten.'
            : `Token refresh failed (${event.reason}).`;
      this.record(linkNote(note, this.currentLocale, this.link.status().linked));
    });
  }

  get link(): AccountLink {
    return this.options.link;
  }

  get locale(): string {
    return this.currentLocale;
  }

  get skillEndpoint(): string {
    return this.options.skillEndpoint;
  }

  model(locale = this.currentLocale): InteractionModel {
    return loadInteractionModel(this.options.models, locale);
  }

  /** A device speaks one language: switching starts over with a new session. */
  async setLocale(locale: string): Promise<void> {
    this.model(locale);
    await this.endSession();
    this.currentLocale = locale;
  }

  sessionState(): ReturnType<AlexaSession['describe']> {
    return this.session.describe();
  }

  linkStatus(): LinkStatus {
    return this.options.link.status();
  }

  transcript(): TurnResult[] {
    return this.transcriptEntries.entries();
  }

  /** "open profile keeper": a LaunchRequest in a new session. */
  async launch(): Promise<TurnResult> {
    if (this.session.isOpen) this.session.close();
    return this.send({ requestType: 'LaunchRequest' }, (ctx) => launchRequest(ctx));
  }

  /** One thing the user says, or an intent picked with its slot values. */
  async turn(input: string | PickedIntent): Promise<TurnResult> {
    const model = this.model();
    if (typeof input !== 'string')
      return this.sendIntent(model, input.intent, this.pickedSlots(model, input), 'picker');
    const understood = understand(input, model);
    if (understood.kind === 'launch') {
      this.session.close();
      return this.send({ requestType: 'LaunchRequest', utterance: input }, (ctx) => launchRequest(ctx));
    }
    if (understood.kind === 'exit') return this.endSession('USER_INITIATED', input);
    return this.sendIntent(model, understood.intent, understood.slots, understood.matchedBy, input);
  }

  /** Ends the open session the way Alexa does when the user leaves: a SessionEndedRequest. */
  async endSession(reason: SessionEndedReason = 'USER_INITIATED', utterance?: string): Promise<TurnResult> {
    if (!this.session.isOpen) return this.localResult('SessionEndedRequest', 'no session was open', utterance);
    const result = await this.send({ requestType: 'SessionEndedRequest', utterance }, (ctx) =>
      sessionEndedRequest(ctx, reason),
    );
    this.session.close();
    return { ...result, shouldEndSession: true };
  }

  /** Signs in on the Hosted UI without a browser (the terminal), then completes linking. */
  async linkWithPassword(credentials: SignInCredentials): Promise<TurnResult> {
    const { url } = this.link.beginAuthorization();
    const callback = await signInThroughHostedUi(url, this.link.redirectUri, credentials, this.fetch);
    return this.completeLink(callback);
  }

  /**
   * After the redirect back: exchange the code, then tell the skill (SkillAccountLinked), as Alexa
   * does. A session that was open is over — the next request starts fresh with the token.
   */
  async completeLink(callback: URLSearchParams): Promise<TurnResult> {
    await this.link.completeAuthorization(callback);
    this.session.close();
    const { accessToken } = await this.link.accessTokenForRequest();
    const envelope = skillAccountLinkedEvent(this.device, accessToken ?? '');
    return this.deliverEvent(envelope);
  }

  async unlink(): Promise<void> {
    await this.endSession();
    this.link.unlink();
  }

  /** Starts over: ends the open session (if any); the next request opens a new one. */
  async newSession(): Promise<void> {
    await this.endSession();
  }

  private pickedSlots(model: InteractionModel, picked: PickedIntent): Record<string, SlotFill> {
    const declared = findIntent(model, picked.intent)?.slots ?? [];
    const slots: Record<string, SlotFill> = {};
    for (const [name, value] of Object.entries(picked.slots ?? {})) {
      if (!value.trim()) continue;
      const type = declared.find((slot) => slot.name === name)?.type ?? 'AMAZON.SearchQuery';
      slots[name] = fillSlot(model, type, value.trim());
    }
    return slots;
  }

  private sendIntent(
    model: InteractionModel,
    intent: string,
    slots: Record<string, SlotFill>,
    matchedBy: MatchedBy,
    utterance?: string,
  ) {
    const declared = findIntent(model, intent)?.slots ?? [];
    const specs: IntentSlotSpec[] = declared.map((slot) => ({ ...slot, fill: slots[slot.name] }));
    return this.send({ requestType: 'IntentRequest', intent, slots, matchedBy, utterance }, (ctx) =>
      intentRequest(intent, specs, ctx),
    );
  }

  private async send(
    what: Pick<TurnResult, 'requestType' | 'intent' | 'slots' | 'matchedBy' | 'utterance'>,
    build: (ctx: Parameters<typeof launchRequest>[0]) => AlexaRequestEnvelope,
  ): Promise<TurnResult> {
    const { accessToken, refreshed } = await this.link.accessTokenForRequest();
    const snapshot = this.session.next();
    const envelope = build({ device: this.device, locale: this.currentLocale, session: snapshot, accessToken });
    const base = {
      ...what,
      at: envelope.request.timestamp,
      kind: 'turn' as const,
      locale: this.currentLocale,
      sessionId: snapshot.sessionId,
      refreshed,
      linked: accessToken !== undefined,
      request: redactEnvelope(envelope),
    };
    try {
      const answer = await postToSkill(this.options.skillEndpoint, envelope, this.fetch, this.options.skillTimeoutMs);
      if (what.requestType !== 'SessionEndedRequest') this.session.answered(answer);
      return this.record({
        ...base,
        speech: speechOf(answer),
        reprompt: repromptOf(answer),
        ...(cardOf(answer) && { card: cardOf(answer) }),
        shouldEndSession: answer.response?.shouldEndSession !== false,
        sessionAttributes: answer.sessionAttributes ?? {},
        response: answer,
      });
    } catch (error) {
      // Alexa ends the session when the skill fails to answer, and says so.
      this.session.close();
      return this.record({ ...base, ...this.failure(error) });
    }
  }

  private async deliverEvent(envelope: AlexaRequestEnvelope): Promise<TurnResult> {
    const base = {
      at: envelope.request.timestamp,
      kind: 'event' as const,
      locale: this.currentLocale,
      requestType: envelope.request.type,
      refreshed: false,
      linked: true,
      request: redactEnvelope(envelope),
    };
    try {
      const answer = await postToSkill(this.options.skillEndpoint, envelope, this.fetch, this.options.skillTimeoutMs);
      return this.record({
        ...base,
        speech: '',
        reprompt: '',
        shouldEndSession: true,
        sessionAttributes: {},
        response: answer,
      });
    } catch (error) {
      return this.record({ ...base, ...this.failure(error) });
    }
  }

  private failure(error: unknown) {
    const message = error instanceof SimulatorError ? error.message : `skill unreachable: ${String(error)}`;
    return { speech: '', reprompt: '', shouldEndSession: true, sessionAttributes: {}, error: message };
  }

  private localResult(requestType: string, note: string, utterance?: string): TurnResult {
    return {
      ...(utterance !== undefined && { utterance }),
      at: new Date().toISOString(),
      kind: 'turn',
      locale: this.currentLocale,
      requestType,
      speech: '',
      reprompt: '',
      shouldEndSession: true,
      sessionAttributes: {},
      refreshed: false,
      linked: this.link.status().linked,
      note,
    };
  }

  private record(result: TurnResult): TurnResult {
    return this.transcriptEntries.add(result);
  }
}
