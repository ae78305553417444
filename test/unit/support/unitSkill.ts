import { createApp } from '../../../src/app';
import { localSkillConfig } from '../../../deploy/settings';
import { SkillNames } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { Conversation, SendEnvelope, viaTestSuite } from '../../support/conversation';
import { ALICE, FakeLoader, linked, RELINK_NEEDED, UNAVAILABLE } from './fakeLoader';

/** Access tokens the unit skill's fake loader knows, named after the user's situation. */
export const TOKENS = {
  alice: 'token-alice',
  relinkNeeded: 'token-revoked',
  unavailable: 'token-cognito-down',
} as const;

export type Situation = 'linked' | 'not linked' | 'relink needed' | 'Cognito unavailable';

const TOKEN_OF: Record<Situation, string | undefined> = {
  linked: TOKENS.alice,
  'not linked': undefined,
  'relink needed': TOKENS.relinkNeeded,
  'Cognito unavailable': TOKENS.unavailable,
};

export interface UnitSkill {
  loader: FakeLoader;
  /** JSON log lines the skill wrote (debug level). */
  logs: string[];
  /** Envelopes in `locale`: one of the skill's, or any other Alexa may send. */
  send(locale: string): SendEnvelope;
  /** A new Alexa session of a user in `situation`. */
  talk(situation: Situation, locale?: string): Conversation;
}

/**
 * The skill in process, through Jovo's TestSuite, with the dev stage's settings and a fake user
 * loader: no identity service, no HTTP, milliseconds per turn. One app per locale (the TestSuite
 * fixes a request's locale), all sharing the loader. `skillNames` renames the skill, as app.json would.
 */
export function unitSkill(options: { skillNames?: SkillNames } = {}): UnitSkill {
  const stage = localSkillConfig({ LOG_LEVEL: 'silent' });
  const config = { ...stage, skillNames: options.skillNames ?? stage.skillNames };
  const loader = new FakeLoader()
    .answer(TOKENS.alice, linked(ALICE))
    .answer(TOKENS.relinkNeeded, RELINK_NEEDED)
    .answer(TOKENS.unavailable, UNAVAILABLE);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => void logs.push(line) });
  const senders = new Map<string, SendEnvelope>();
  const send = (locale: string) => {
    let sender = senders.get(locale);
    if (!sender) {
      sender = viaTestSuite(createApp(config, { loadLinkedUser: loader.load, logger }), locale);
      senders.set(locale, sender);
    }
    return sender;
  };
  return {
    loader,
    logs,
    send,
    talk: (situation, locale = 'en-US') => new Conversation(send(locale), { locale, accessToken: TOKEN_OF[situation] }),
  };
}
