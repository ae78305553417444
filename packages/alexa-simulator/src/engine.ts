import * as alexa from './envelopes';
import { SimulatorError, SimulatorOptionsError } from './errors';
import { SignInCredentials, signInThroughHostedUi } from './hostedUiSignIn';
import { findIntent, InteractionModel, loadInteractionModels, ModelSource } from './interactionModel';
import { AccountLink, AccountLinkingSettings, AccountLinkOptions } from './linking';
import { Heard, heardFrom, postToSkill } from './skillEndpoint';
import { MatchedBy, SlotFill, understand } from './utterances';

/** What Alexa knows of a skill: where it is, what it understands, how accounts are linked. */
export interface SkillSettings {
  skillEndpoint: string;
  skillId: string;
  models: ModelSource;
  /** The languages the device may speak; default: the models folder's <locale>.json files. */
  locales?: string[];
  accountLinking: AccountLinkingSettings;
  /** Alexa holds the client secret for the token exchange. Never logged, never shown. */
  clientSecret?: string;
}

export interface EngineOptions extends SkillSettings, Pick<AccountLinkOptions, 'redirectUri' | 'refreshSkewSeconds'> {
  /** Default: the first of `locales`. */
  locale?: string;
}

/** One line of the conversation, as the page and the terminal show it. */
export interface TurnResult extends Heard {
  at: string;
  /** A request to the skill, a skill event, or something that happened to the account link (`note`). */
  kind: 'turn' | 'event' | 'link';
  locale: string;
  requestType: string;
  utterance?: string;
  intent?: string;
  slots?: Record<string, SlotFill>;
  matchedBy?: MatchedBy;
  shouldEndSession: boolean;
  sessionAttributes: Record<string, unknown>;
  sessionId?: string;
  /** The access token was refreshed right before this request. */
  refreshed: boolean;
  linked: boolean;
  error?: string;
  note?: string;
  /** The envelope sent (tokens redacted) and the skill's answer. */
  request?: unknown;
  response?: unknown;
}

/** Old entries drop off so a long-running page stays small. */
const TRANSCRIPT_LIMIT = 200;

/**
 * The Alexa side of one customer with one device: turns what the user says into request
 * envelopes, carries the session as Alexa does (`new` on the first request, the skill's attributes
 * echoed back, over when the skill ends it or leaves shouldEndSession out, as on a voice-only Echo),
 * holds the account link and sends everything to the skill endpoint.
 */
export class SimulatorEngine {
  readonly device: alexa.Device;
  readonly link: AccountLink;
  private currentLocale: string;
  private session?: alexa.SessionSnapshot;
  private readonly entries: TurnResult[] = [];
  private readonly models: Map<string, InteractionModel>;

  constructor(readonly options: EngineOptions) {
    this.device = alexa.newDevice(options.skillId);
    this.models = loadInteractionModels(options.models, options.locales);
    this.currentLocale = options.locale ?? [...this.models.keys()][0];
    this.model(this.currentLocale);
    const onNote = (note: string) => this.record({ ...this.nothingSaid('AccountLink', note), kind: 'link' });
    this.link = new AccountLink({ ...options, onNote });
  }

  get locale(): string {
    return this.currentLocale;
  }

  get locales(): string[] {
    return [...this.models.keys()];
  }

  model(locale = this.currentLocale): InteractionModel {
    const model = this.models.get(locale);
    if (!model) throw new SimulatorOptionsError(`no interaction model for ${locale} (${this.locales.join(', ')})`);
    return model;
  }

  /** A device speaks one language: switching ends the session. */
  async setLocale(locale: string): Promise<void> {
    this.model(locale);
    await this.endSession();
    this.currentLocale = locale;
  }

  /** The session the next request continues, if one is open. */
  get openSession(): alexa.SessionSnapshot | undefined {
    return this.session;
  }

  transcript(): TurnResult[] {
    return [...this.entries];
  }

  /** "open <invocation name>": a LaunchRequest in a new session. */
  launch(utterance?: string): Promise<TurnResult> {
    this.session = undefined;
    return this.send({ requestType: 'LaunchRequest', utterance }, alexa.launchRequest);
  }

  /** One thing the user says, understood with the locale's interaction model. */
  async turn(utterance: string): Promise<TurnResult> {
    const understood = understand(utterance, this.model());
    if (understood.kind === 'launch') return this.launch(utterance);
    if (understood.kind === 'exit') return this.endSession('USER_INITIATED', utterance);
    const { intent, slots, matchedBy } = understood;
    const specs = (findIntent(this.model(), intent)?.slots ?? []).map((slot) => ({ ...slot, fill: slots[slot.name] }));
    return this.send({ requestType: 'IntentRequest', intent, slots, matchedBy, utterance }, (ctx) =>
      alexa.intentRequest(intent, specs, ctx),
    );
  }

  /** Ends the open session the way Alexa does when the user leaves: a SessionEndedRequest. */
  async endSession(reason: alexa.SessionEndedReason = 'USER_INITIATED', utterance?: string): Promise<TurnResult> {
    if (!this.session) return { ...this.nothingSaid('SessionEndedRequest', 'no session was open'), utterance };
    const ending = { requestType: 'SessionEndedRequest', utterance };
    return this.send(ending, (ctx) => alexa.sessionEndedRequest(ctx, reason));
  }

  /** Signs in on the sign-in page without a browser (the terminal), then completes linking. */
  async linkWithPassword(credentials: SignInCredentials): Promise<TurnResult> {
    const url = this.link.beginAuthorization();
    return this.completeLink(await signInThroughHostedUi(url, this.options.redirectUri, credentials));
  }

  /**
   * After the redirect back: exchange the code, then tell the skill (SkillAccountLinked), as Alexa
   * does. A session that was open is over: the next request starts fresh with the token.
   */
  async completeLink(callback: URLSearchParams): Promise<TurnResult> {
    await this.link.completeAuthorization(callback);
    this.session = undefined;
    const { accessToken = '' } = await this.link.accessTokenForRequest();
    const envelope = alexa.skillAccountLinkedEvent(this.device, accessToken);
    const base = { ...this.nothingSaid(envelope.request.type), kind: 'event' as const, linked: true };
    return this.record(await this.exchange(envelope, base));
  }

  async unlink(): Promise<void> {
    await this.endSession();
    this.link.unlink();
  }

  private async send(
    what: Pick<TurnResult, 'requestType' | 'intent' | 'slots' | 'matchedBy' | 'utterance'>,
    build: (ctx: alexa.EnvelopeContext) => alexa.AlexaRequestEnvelope,
  ): Promise<TurnResult> {
    const { accessToken, refreshed } = await this.link.accessTokenForRequest();
    const session = (this.session ??= { sessionId: alexa.newSessionId(), isNew: true, attributes: {} });
    const envelope = build({ device: this.device, locale: this.currentLocale, session, accessToken });
    const base = { ...this.nothingSaid(what.requestType), ...what, sessionId: session.sessionId };
    const result = await this.exchange(envelope, { ...base, refreshed, linked: !!accessToken });
    // Over when the skill says so or fails to answer; a SessionEndedRequest's answer opens nothing.
    const open = !result.shouldEndSession && what.requestType !== 'SessionEndedRequest';
    const attributes = result.sessionAttributes;
    this.session = open ? { sessionId: session.sessionId, isNew: false, attributes } : undefined;
    return this.record(result);
  }

  private async exchange(envelope: alexa.AlexaRequestEnvelope, base: TurnResult): Promise<TurnResult> {
    const request = alexa.redactEnvelope(envelope);
    try {
      const answer = await postToSkill(this.options.skillEndpoint, envelope);
      const sessionAttributes = answer.sessionAttributes ?? {};
      const shouldEndSession = base.kind === 'event' || answer.response?.shouldEndSession !== false;
      return { ...base, ...heardFrom(answer), shouldEndSession, sessionAttributes, request, response: answer };
    } catch (error) {
      const message = error instanceof SimulatorError ? error.message : `skill unreachable: ${String(error)}`;
      return { ...base, request, error: message };
    }
  }

  /** An entry with nothing heard yet: what the simulator did, or the start of a request. */
  private nothingSaid(requestType: string, note?: string): TurnResult {
    return {
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
      ...(note && { note }),
    };
  }

  private record(result: TurnResult): TurnResult {
    this.entries.push(result);
    if (this.entries.length > TRANSCRIPT_LIMIT) this.entries.shift();
    return result;
  }
}
