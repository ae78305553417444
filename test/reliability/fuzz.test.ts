/**
 * Malformed and hostile Alexa envelopes (fast-check) never crash the skill, never get a 5xx for the
 * caller's fault, and every answer is one a user can live with (words for a launch or a question,
 * a reprompt when the session stays open, SSML Alexa can play): through the real HTTP server and
 * through the Lambda handler (the prod stage's handler, pointed at the local identity service).
 * FUZZ_RUNS cases per way in (default 300; `npm run test:faults` runs 10,000 from a random seed),
 * from a fixed seed (PROPERTY_SEED replays another), after an earlier run's counterexample.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AlexaRequestRejectedError } from '../../src/alexa/errors';
import { launchRequest } from '../support/alexaEnvelopes';
import { seedFrom } from '../support/propertySeed';
import { answerProblem } from './support/alexaAnswer';
import { FuzzFigures, fuzzTable, publish } from './support/figures';
import { postRaw, spoken } from './support/http';
import { LambdaHandler, loadLambdaHandler } from './support/lambda';
import { captureLogs, LogCapture } from './support/logCapture';
import { countFromEnv, Stack, startStack } from './support/stack';
import { caseAt, EARLIER_COUNTEREXAMPLE, fuzzHttp, fuzzLambda } from './scenarios/fuzz';
import { rendered } from '../support/expectedText';

const RUN = { numRuns: countFromEnv('FUZZ_RUNS', 300), seed: seedFrom() };
const LAUNCH_UNLINKED = rendered('en-US', 'linking.launch');

let stack: Stack;
let logs: LogCapture;
let handler: LambdaHandler;
const rows: [string, FuzzFigures][] = [];

beforeAll(async () => {
  logs = captureLogs();
  stack = await startStack(logs);
  handler = await loadLambdaHandler({
    COGNITO_USER_POOL_ID: stack.identity.userPoolId,
    COGNITO_APP_CLIENT_ID: stack.identity.clientId,
    COGNITO_API_ENDPOINT: stack.identity.url,
    COGNITO_JWKS_URI: stack.identity.jwksUri,
    // It writes to stdout; the full run (`npm run test:faults`) checks its debug lines for secrets.
    LOG_LEVEL: 'error',
  });
});

afterAll(async () => {
  logs?.restore();
  await stack?.close();
  publish(
    'fuzz-figures.jest.md',
    fuzzTable(`Request fuzz (jest slice): ${RUN.numRuns} cases per way in, seed ${RUN.seed}`, rows),
  );
});

describe('an earlier run’s counterexample, replayed from its seed and path', () => {
  const envelope = caseAt(EARLIER_COUNTEREXAMPLE);

  test('is still the case it was (the arbitraries have not drifted)', () => {
    expect(envelope).toMatchObject({
      session: { attributes: { state: [{ component: 'NoSuchComponent' }] } },
      request: { type: 'IntentRequest', intent: { name: 'AMAZON.FallbackIntent' } },
    });
  });

  test('is answered through the HTTP server and the Lambda handler with the fallback', async () => {
    const reply = await postRaw(stack.skill.webhookUrl, JSON.stringify(envelope));
    expect(reply.status).toBe(200);
    expect(answerProblem(envelope, reply.body)).toBeUndefined();
    expect(spoken(reply.body)).toBe(rendered('en-US', 'fallback.message'));
    const response = await handler(structuredClone(envelope), {} as never);
    expect(answerProblem(envelope, response)).toBeUndefined();
    expect(spoken(response)).toBe(spoken(reply.body));
  });
});

test(`${RUN.numRuns} hostile envelopes through the HTTP server: no 5xx, every 200 an answer a user can live with`, async () => {
  rows.push(['HTTP server', await fuzzHttp(stack.skill.webhookUrl, RUN, postRaw)]);
}, 120_000);

test(`${RUN.numRuns} hostile envelopes through the Lambda handler: answered as above, or refused by type`, async () => {
  rows.push(['Lambda handler', await fuzzLambda(handler, RUN, (error) => error instanceof AlexaRequestRejectedError)]);
}, 120_000);

test('after the fuzzing, both still answer a real user', async () => {
  const reply = await postRaw(stack.skill.webhookUrl, JSON.stringify(launchRequest()));
  expect(reply.status).toBe(200);
  expect(spoken(reply.body)).toBe(LAUNCH_UNLINKED);
  expect(spoken(await handler(launchRequest(), {} as never))).toBe(LAUNCH_UNLINKED);
});

test('the Lambda handler refuses an event for another skill', async () => {
  await expect(
    handler(launchRequest({ skillId: 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999' }), {} as never),
  ).rejects.toMatchObject({
    name: 'AlexaRequestRejectedError',
    reason: 'wrong-skill-id',
  });
});

test('a request type Alexa may add later gets an answer, not an error: for an unlinked user, the linking one', async () => {
  const envelope = launchRequest();
  (envelope.request as Record<string, unknown>).type = 'Alexa.NewFeature.Request';
  const reply = await postRaw(stack.skill.webhookUrl, JSON.stringify(envelope));
  expect(reply.status).toBe(200);
  expect(spoken(reply.body)).toMatch(/^To do that, I need to know who you are\./);
  expect(reply.body).toMatchObject({ response: { card: { type: 'LinkAccount' } } });
});
