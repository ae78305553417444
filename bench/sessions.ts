import { AlexaResponse, Conversation, SendEnvelope } from '../test/support/conversation';

/**
 * The linked session every figure is measured with, as a user would have it: open the skill, ask
 * for the email, the username, say hello, ask for the whole profile. Five requests, one session,
 * carried from turn to turn the way Alexa carries it (session id and attributes).
 */
export const TURNS_PER_SESSION = 5;

/** A never-ending stream of those sessions, one turn at a time, for loops that time single turns. */
export class SessionLoop {
  private conversation?: Conversation;
  private step = 0;

  constructor(
    private readonly send: SendEnvelope,
    private readonly accessToken: string | undefined,
  ) {}

  next(): Promise<AlexaResponse> {
    const step = this.step;
    this.step = (step + 1) % TURNS_PER_SESSION;
    if (step === 0 || !this.conversation) {
      this.conversation = new Conversation(this.send, { locale: 'en-US', accessToken: this.accessToken });
    }
    const c = this.conversation;
    if (step === 0) return c.launch();
    if (step === 1) return c.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    if (step === 2) return c.ask('RequestInfoIntent', { value: 'user name', id: 'userName' });
    if (step === 3) return c.ask('HelloWorldIntent');
    return c.ask('RequestInfoIntent', { value: 'profile', id: 'fullProfile' });
  }
}

export async function fiveTurnSession(send: SendEnvelope, accessToken: string | undefined): Promise<AlexaResponse[]> {
  const loop = new SessionLoop(send, accessToken);
  const responses: AlexaResponse[] = [];
  for (let turn = 0; turn < TURNS_PER_SESSION; turn++) responses.push(await loop.next());
  return responses;
}

/** The envelopes of one session, as sent, for replaying over HTTP with the load generator. */
export async function recordSession(send: SendEnvelope, accessToken: string | undefined): Promise<unknown[]> {
  const envelopes: unknown[] = [];
  await fiveTurnSession((envelope) => {
    envelopes.push(envelope);
    return send(envelope);
  }, accessToken);
  return envelopes;
}
