/**
 * When Cognito is slow or throttles, the user is not told to relink: they hear an apology within
 * the time budget (well inside Alexa's 8 s) and the session stays open for another try.
 */
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { Conversation, repromptOf, SendEnvelope, speechOf, viaTestSuite } from '../support/conversation';
import { ALICE, RunningIdentity, signIn, skillConfigFor, startTestIdentity } from '../support/identity';

let identity: RunningIdentity;
let send: SendEnvelope;

beforeAll(async () => {
  identity = await startTestIdentity();
  // Every turn needs a GetUser (fresh token, fresh session), so no cache hides the fault.
  send = viaTestSuite(createApp(skillConfigFor(identity), { logger: createLogger({ level: 'silent' }) }), 'en-US');
});
afterEach(() => identity.clearFaults());
afterAll(() => identity?.close());

async function launchWithFreshToken() {
  const { accessToken } = await signIn(identity, ALICE);
  const started = Date.now();
  const response = await new Conversation(send, { locale: 'en-US', accessToken }).launch();
  return { response, elapsedMs: Date.now() - started };
}

test('Cognito answering after 5 s: the user hears an apology within the 2.5 s budget', async () => {
  identity.setFaults({ getUserLatencyMs: 5000 });
  const { response, elapsedMs } = await launchWithFreshToken();
  expect(speechOf(response)).toBe("Sorry, I can't reach your account right now. Please try again in a moment.");
  expect(response.response.shouldEndSession).toBe(false);
  expect(repromptOf(response)).not.toBe('');
  expect(response.response.card).toBeUndefined();
  expect(elapsedMs).toBeLessThan(3000);
});

test('Cognito throttling: an apology, not a request to relink', async () => {
  identity.setFaults({ throttleRate: 1 });
  const { response } = await launchWithFreshToken();
  expect(speechOf(response)).toMatch(/^Sorry, I can't reach your account right now/);
  expect(response.sessionAttributes?.data?.auth).toBe('unavailable');
});

test('Cognito failing with 500s while the user asks for their email: apology and the session stays', async () => {
  identity.setFaults({ errorRate: 1 });
  const { accessToken } = await signIn(identity, ALICE);
  const response = await new Conversation(send, { locale: 'en-US', accessToken }).ask('RequestInfoIntent', {
    value: 'email',
    id: 'emailAddress',
  });
  expect(speechOf(response)).toMatch(/^Sorry, I can't reach your account right now/);
  expect(response.response.shouldEndSession).toBe(false);
});

test('once Cognito recovers, the same user is welcomed by name', async () => {
  identity.setFaults({ errorRate: 1 });
  const { accessToken } = await signIn(identity, ALICE);
  const conversation = new Conversation(send, { locale: 'en-US', accessToken });
  expect(speechOf(await conversation.launch())).toMatch(/^Sorry/);
  identity.clearFaults();
  expect(speechOf(await conversation.ask('HelloWorldIntent'))).toMatch(/^Hello Alice Smith!/);
});
