/**
 * The account-linking guard and every answer of a user whose link is not usable: not linked, link
 * expired or revoked (relink needed), or Cognito unavailable. Help, Stop, Cancel, Fallback and the
 * end of a session work in every situation and from inside the profile component.
 */
import { describe, expect, test } from '@jest/globals';
import { accountLinkedEvent } from '../support/alexaEnvelopes';
import { AlexaResponse, Conversation, repromptOf } from '../support/conversation';
import { spokenText } from '../support/ssml';
import { rendered } from '../support/expectedText';
import { ALICE } from './support/fakeLoader';
import { Situation, TOKENS, unitSkill } from './support/unitSkill';

const skill = unitSkill();
const LINK_CARD = { type: 'LinkAccount' };
const say = (key: string) => rendered('en-US', key);
const spoken = (response: AlexaResponse) => spokenText(response.response.outputSpeech?.ssml);

/** What a user in each situation hears instead of what they asked for (not Help, Stop, Cancel, Fallback). */
function expectGuardAnswer(response: AlexaResponse, situation: Situation, notLinkedKey: string) {
  if (situation === 'Cognito unavailable') {
    // Not the user's fault: an apology, the session stays open for another try, no card.
    expect(spoken(response)).toBe(say('unavailable.message'));
    expect(repromptOf(response)).toBe(say('unavailable.reprompt'));
    expect(response.response.shouldEndSession).toBe(false);
    expect(response.response.card).toBeUndefined();
    return;
  }
  expect(spoken(response)).toBe(say(situation === 'relink needed' ? 'linking.relinkNeeded' : notLinkedKey));
  expect(response.response.card).toEqual(LINK_CARD);
  expect(response.response.shouldEndSession).toBe(true);
}

const UNUSABLE: Situation[] = ['not linked', 'relink needed', 'Cognito unavailable'];
const EVERY: Situation[] = ['linked', ...UNUSABLE];

/** A session inside the profile component, as a linked user left it, now in `situation`. */
const insideProfile = (situation: Situation) =>
  skill.talk(situation).startIn('ProfileComponent', { auth: 'linked', user: ALICE });

describe.each(UNUSABLE)('a user whose situation is: %s', (situation) => {
  test('opening the skill explains linking (or apologises) instead of welcoming', async () => {
    expectGuardAnswer(await skill.talk(situation).launch(), situation, 'linking.launch');
  });

  test.each([
    ['their email address', 'RequestInfoIntent', { value: 'email', id: 'emailAddress' }],
    ['their full profile', 'RequestInfoIntent', { value: 'everything', id: 'fullProfile' }],
    ['a greeting', 'HelloWorldIntent', undefined],
    ['an intent the skill does not know', 'Some.UnknownIntent', undefined],
  ])('asking for %s gets the guard’s answer', async (_what, intent, slot) => {
    expectGuardAnswer(await skill.talk(situation).ask(intent, slot), situation, 'linking.notLinked');
  });

  test('the guard wins over the profile component the session is in, and nothing of Alice is said', async () => {
    const response = await insideProfile(situation).ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
    expectGuardAnswer(response, situation, 'linking.notLinked');
    expect(JSON.stringify(response.response)).not.toContain(ALICE.attributes.email);
  });

  test('help explains what to do and keeps the session open with a reprompt, from anywhere', async () => {
    const helpKey = situation === 'Cognito unavailable' ? 'help.linked' : 'help.notLinked';
    for (const conversation of [skill.talk(situation), insideProfile(situation)]) {
      const response = await conversation.ask('AMAZON.HelpIntent');
      expect(spoken(response)).toBe(say(helpKey));
      expect(repromptOf(response)).toBe(say('help.reprompt'));
      expect(response.response.shouldEndSession).toBe(false);
      expect(response.response.card).toBeUndefined();
    }
  });
});

describe.each(EVERY)('a user whose situation is: %s', (situation) => {
  test.each(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'])(
    '%s says goodbye and ends the session, also from inside the profile component',
    async (intent) => {
      for (const conversation of [skill.talk(situation), insideProfile(situation)]) {
        const response = await conversation.ask(intent);
        expect(spoken(response)).toBe(say('goodbye'));
        expect(response.response.shouldEndSession).toBe(true);
        expect(response.response.card).toBeUndefined();
      }
    },
  );

  test('fallback says what the skill can do and keeps the session open with a reprompt', async () => {
    for (const conversation of [skill.talk(situation), insideProfile(situation)]) {
      const response = await conversation.ask('AMAZON.FallbackIntent');
      expect(spoken(response)).toBe(say('fallback.message'));
      expect(repromptOf(response)).toBe(say('fallback.reprompt'));
      expect(response.response.shouldEndSession).toBe(false);
    }
  });

  test('the end of a session gets no speech and costs no user lookup', async () => {
    const asked = skill.loader.requests.length;
    const response = await skill.talk(situation).end('USER_INITIATED');
    expect(response.response.outputSpeech).toBeUndefined();
    expect(response.response.card).toBeUndefined();
    expect(skill.loader.requests.length).toBe(asked);
  });
});

test('after help while not linked, the open session’s next turns still work: fallback, help again, stop', async () => {
  const conversation = skill.talk('not linked');
  expect(spoken(await conversation.ask('AMAZON.HelpIntent'))).toBe(say('help.notLinked'));
  expect(spoken(await conversation.ask('AMAZON.FallbackIntent'))).toBe(say('fallback.message'));
  expect(spoken(await conversation.ask('AMAZON.HelpIntent'))).toBe(say('help.notLinked'));
  const stop = await conversation.ask('AMAZON.StopIntent');
  expect(spoken(stop)).toBe(say('goodbye'));
  expect(stop.response.shouldEndSession).toBe(true);
});

test('after an apology the session goes on: once Cognito answers, the next turn is answered', async () => {
  const conversation = skill.talk('Cognito unavailable');
  expect(spoken(await conversation.launch())).toBe(say('unavailable.message'));
  conversation.accessToken = TOKENS.alice;
  const response = await conversation.ask('RequestInfoIntent', { value: 'email', id: 'emailAddress' });
  expect(spoken(response)).toBe(
    rendered('en-US', 'infoType.emailAddress.value', { value: ALICE.attributes.email as string }),
  );
});

describe('what the session remembers', () => {
  test('not linked: only that, nothing of a user', async () => {
    const response = await skill.talk('not linked').launch();
    expect(response.sessionAttributes?.data).toEqual({ auth: 'not-linked' });
  });

  test('a link that became unusable mid-session forgets the user the session knew', async () => {
    const response = await insideProfile('relink needed').ask('HelloWorldIntent');
    expect(response.sessionAttributes?.data).toEqual({ auth: 'relink-needed' });
  });

  test('Cognito unavailable mid-session keeps what the session knew, marked unavailable', async () => {
    const response = await insideProfile('Cognito unavailable').ask('HelloWorldIntent');
    expect(response.sessionAttributes?.data).toEqual({ auth: 'unavailable', user: ALICE });
  });
});

describe('what the request hook asks the user loader', () => {
  const lastRequest = () => skill.loader.requests[skill.loader.requests.length - 1];

  test('a new session: the token, and no session user', async () => {
    await skill.talk('linked').launch();
    expect(lastRequest()).toEqual({ accessToken: TOKENS.alice, newSession: true, sessionUser: undefined });
  });

  test('a turn inside a session: the user the session knows, for the loader to check against the token', async () => {
    await insideProfile('linked').ask('HelloWorldIntent');
    expect(lastRequest()).toEqual({ accessToken: TOKENS.alice, newSession: false, sessionUser: ALICE });
  });

  test('a turn inside a session that knows no usable user: no session user', async () => {
    const conversation = skill.talk('linked').startIn('ProfileComponent', { auth: 'not-linked' });
    await conversation.ask('HelloWorldIntent');
    expect(lastRequest()).toEqual({ accessToken: TOKENS.alice, newSession: false, sessionUser: undefined });
  });

  test('a turn inside a session whose user fields are not text (a forged request): no session user', async () => {
    const conversation = skill.talk('linked').startIn('ProfileComponent', {
      auth: 'linked',
      user: { ...ALICE, attributes: { ...ALICE.attributes, name: 42 } },
    });
    const response = await conversation.ask('HelloWorldIntent');
    expect(lastRequest()).toEqual({ accessToken: TOKENS.alice, newSession: false, sessionUser: undefined });
    expect(spoken(response)).toBe(rendered('en-US', 'hello.linked', { name: ALICE.attributes.name as string }));
  });

  test('a skill event (no session): the token from context.System.user, as a new session', async () => {
    const response = await skill.send('en-US')(accountLinkedEvent(TOKENS.alice));
    expect(response.response.outputSpeech).toBeUndefined();
    expect(lastRequest()).toEqual({ accessToken: TOKENS.alice, newSession: true, sessionUser: undefined });
  });

  test('a lookup that fails unexpectedly is answered like an unreachable Cognito, and logged by error name only', async () => {
    skill.loader.answer('token-bug', new Error('lookup bug quoting token-bug and alice@example.com'));
    const logged = skill.logs.length;
    const response = await new Conversation(skill.send('en-US'), {
      locale: 'en-US',
      accessToken: 'token-bug',
    }).launch();
    expect(spoken(response)).toBe(say('unavailable.message'));
    expect(response.response.shouldEndSession).toBe(false);
    const lines = skill.logs.slice(logged);
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'user lookup failed', errorName: 'Error' }),
    );
    expect(lines.join('\n')).not.toMatch(/lookup bug|token-bug|alice@example\.com/);
  });
});
