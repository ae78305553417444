/**
 * What reaches which handler: the app starts cleanly, a dialogue state left by another version of
 * the skill is ignored, and intent names that match a handler's method name reach nothing they
 * should not.
 */
import { describe, expect, test } from '@jest/globals';
import { App } from '@jovotech/framework';
import { createApp } from '../../src/app';
import { localSkillConfig } from '../../deploy/settings';
import { createLogger } from '../../src/logger';
import { intentRequest } from '../support/alexaEnvelopes';
import { AlexaResponse } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { rendered } from '../support/expectedText';
import { ALICE } from './support/fakeLoader';
import { TOKENS, unitSkill } from './support/unitSkill';

const skill = unitSkill();
const say = (key: string, values?: Record<string, string>) => rendered('en-US', key, values);
const spoken = (response: AlexaResponse) => spokenText(response.response.outputSpeech?.ssml);

test('the app starts without logging an error (no duplicate global handlers)', async () => {
  const lines: string[] = [];
  const app: App = createApp(localSkillConfig({ LOG_LEVEL: 'silent' }), {
    loadLinkedUser: skill.loader.load,
    logger: createLogger({ level: 'debug', write: (line) => void lines.push(line) }),
  });
  await app.initialize();
  expect(lines).toEqual([]);
});

describe('a dialogue state naming a component this version does not have', () => {
  // Left by an older version of the skill in a session that stayed open across a deploy, or made up.
  test.each([
    ['a removed component', [{ component: 'NoSuchComponent' }]],
    ['an Object.prototype name', [{ component: 'constructor' }]],
    ['__proto__', [{ component: '__proto__' }]],
    ['a known one under an unknown one', [{ component: 'ProfileComponent' }, { component: 'toString' }]],
    ['a path into a known one', [{ component: 'ProfileComponent.password=hunter2' }]],
  ])('%s: answered as if the session had no state', async (_name, state) => {
    for (const [intent, key] of [
      ['AMAZON.FallbackIntent', 'fallback.message'],
      ['AMAZON.HelpIntent', 'help.linked'],
      ['HelloWorldIntent', 'hello.linked'],
    ]) {
      const envelope = intentRequest(intent, {
        accessToken: TOKENS.alice,
        newSession: false,
        attributes: { state, data: { auth: 'linked', user: ALICE } },
      });
      const response = await skill.send('en-US')(envelope);
      expect(spoken(response)).toBe(say(key, { name: ALICE.attributes.name as string }));
    }
  });
});

describe('intent names that are also handler method names (only a forged request sends them)', () => {
  test.each(['needsAccount', 'launch', 'help', 'answer', 'apologise'])(
    '"%s" from a linked user reaches no account-linking answer',
    async (intent) => {
      const response = await skill.talk('linked').ask(intent);
      expect(response.response.card).toBeUndefined();
      expect(spoken(response)).not.toMatch(/link your account|can't reach your account/);
    },
  );
});
