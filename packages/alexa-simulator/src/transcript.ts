import { alexaTimestamp } from './envelopes';
import { CardView } from './responses';
import { MatchedBy, SlotFill } from './utterances';

/** One line of the conversation as the page and the terminal show it. */
export interface TurnResult {
  at: string;
  /** A request to the skill, a skill event, or something that happened to the account link. */
  kind: 'turn' | 'event' | 'link';
  locale: string;
  utterance?: string;
  requestType: string;
  intent?: string;
  slots?: Record<string, SlotFill>;
  matchedBy?: MatchedBy;
  speech: string;
  reprompt: string;
  card?: CardView;
  shouldEndSession: boolean;
  sessionAttributes: Record<string, unknown>;
  sessionId?: string;
  /** The access token was refreshed right before this request. */
  refreshed: boolean;
  linked: boolean;
  error?: string;
  /** Something the simulator did itself, without asking the skill. */
  note?: string;
  /** The envelope sent (access token redacted) and the skill's answer, for the page's JSON view. */
  request?: unknown;
  response?: unknown;
}

const TRANSCRIPT_LIMIT = 200;

/** The most recent entries, oldest first; old ones drop off so a long-running page stays small. */
export class Transcript {
  private readonly items: TurnResult[] = [];

  add(entry: TurnResult): TurnResult {
    this.items.push(entry);
    if (this.items.length > TRANSCRIPT_LIMIT) this.items.shift();
    return entry;
  }

  entries(): TurnResult[] {
    return [...this.items];
  }
}

/** Something that happened to the account link between requests (refreshed, unlinked). */
export function linkNote(note: string, locale: string, linked: boolean): TurnResult {
  return {
    at: alexaTimestamp(),
    kind: 'link',
    locale,
    requestType: 'AccountLink',
    speech: '',
    reprompt: '',
    shouldEndSession: false,
    sessionAttributes: {},
    refreshed: false,
    linked,
    note,
  };
}
