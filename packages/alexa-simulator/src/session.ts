import { newSessionId, SessionSnapshot } from './envelopes';

/**
 * One Alexa session as Alexa keeps it: an id, `new` on the first request only, and the attributes
 * the skill returned last time echoed back on the next request. It ends when the skill answers
 * with shouldEndSession true — or leaves it out: on a voice-only Echo that also ends the session
 * (Alexa only keeps the microphone open when the skill says shouldEndSession false).
 */
export class AlexaSession {
  private sessionId = newSessionId();
  private isNew = true;
  private attributes: Record<string, unknown> = {};
  private open = false;

  /** The session the next request belongs to; starts a new one when none is open. */
  next(): SessionSnapshot {
    if (!this.open) this.start();
    return { sessionId: this.sessionId, isNew: this.isNew, attributes: this.attributes };
  }

  /** Record the skill's answer: echo its attributes next time, or close the session. */
  answered(response: {
    sessionAttributes?: Record<string, unknown>;
    response?: { shouldEndSession?: boolean | null };
  }): void {
    this.isNew = false;
    this.attributes = response.sessionAttributes ?? {};
    if (response.response?.shouldEndSession !== false) this.close();
  }

  close(): void {
    this.open = false;
  }

  get isOpen(): boolean {
    return this.open;
  }

  describe(): { sessionId: string | null; open: boolean; isNew: boolean; attributes: Record<string, unknown> } {
    return this.open
      ? { sessionId: this.sessionId, open: true, isNew: this.isNew, attributes: this.attributes }
      : { sessionId: null, open: false, isNew: true, attributes: {} };
  }

  private start(): void {
    this.sessionId = newSessionId();
    this.isNew = true;
    this.attributes = {};
    this.open = true;
  }
}
