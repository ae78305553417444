import { AlexaAnswer, AlexaSession, SendEnvelope, speechOf } from './alexa';

/**
 * The linked session every figure is measured with, as a user would have it: open the skill, ask
 * for the email, the username, say hello, ask for the whole profile. Five requests, one session,
 * carried from turn to turn the way Alexa carries it (session id and attributes).
 */
export const TURNS_PER_SESSION = 5;

/** A never-ending stream of those sessions, one turn at a time, for loops that time single turns. */
export class SessionLoop {
  private session?: AlexaSession;
  private step = 0;

  constructor(
    private readonly send: SendEnvelope,
    private readonly options: { skillId: string; accessToken?: string },
  ) {}

  next(): Promise<AlexaAnswer> {
    const step = this.step;
    this.step = (step + 1) % TURNS_PER_SESSION;
    if (step === 0 || !this.session) this.session = new AlexaSession(this.send, this.options);
    const s = this.session;
    if (step === 0) return s.launch();
    if (step === 1) return s.ask('RequestInfoIntent', { said: 'email', id: 'emailAddress' });
    if (step === 2) return s.ask('RequestInfoIntent', { said: 'user name', id: 'userName' });
    if (step === 3) return s.ask('HelloWorldIntent');
    return s.ask('RequestInfoIntent', { said: 'profile', id: 'fullProfile' });
  }
}

export async function fiveTurnSession(
  send: SendEnvelope,
  options: { skillId: string; accessToken?: string },
): Promise<AlexaAnswer[]> {
  const loop = new SessionLoop(send, options);
  const answers: AlexaAnswer[] = [];
  for (let turn = 0; turn < TURNS_PER_SESSION; turn++) answers.push(await loop.next());
  return answers;
}

/** The envelopes of one session, as sent, for replaying over HTTP, and what the skill said to each. */
export async function recordSession(
  send: SendEnvelope,
  options: { skillId: string; accessToken?: string },
): Promise<{ envelopes: unknown[]; said: string[] }> {
  const envelopes: unknown[] = [];
  const answers = await fiveTurnSession((envelope) => {
    envelopes.push(envelope);
    return send(envelope);
  }, options);
  return { envelopes, said: answers.map(speechOf) };
}
