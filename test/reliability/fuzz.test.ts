/**
 * Malformed and hostile Alexa envelopes (fast-check) never crash the skill, never get a 5xx for the
 * caller's fault, and leave the process answering: through the real HTTP server and through the
 * Lambda handler (the prod stage's handler, pointed at the local identity service by env).
 * FUZZ_RUNS cases per way in (default 300; `npm run test:faults` runs 10,000).
 */
import { AlexaRequestRejectedError } from '../../src/alexa/errors';
import { DEV_SKILL_ID, launchRequest } from '../support/alexaEnvelopes';
import { publish } from './support/figures';
import { postRaw, spoken } from './support/http';
import { captureLogs, LogCapture } from './support/logCapture';
import { countFromEnv, Stack, startStack } from './support/stack';
import { FuzzFigures, fuzzHttp, fuzzLambda, fuzzTable } from './scenarios/fuzz';

const RUNS = countFromEnv('FUZZ_RUNS', 300);
const LAUNCH_UNLINKED = /^Welcome to Profile Keeper\./;

let stack: Stack;
let logs: LogCapture;
let handler: (event: unknown, context: never) => Promise<unknown>;
const rows: [string, FuzzFigures][] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  logs = captureLogs();
  stack = await startStack(logs);
  // The Lambda handler builds its app from the prod stage at import: point that stage here first.
  Object.assign(process.env, {
    SKILL_ID: DEV_SKILL_ID,
    COGNITO_USER_POOL_ID: stack.identity.userPoolId,
    COGNITO_APP_CLIENT_ID: stack.identity.clientId,
    COGNITO_API_ENDPOINT: stack.identity.url,
    COGNITO_JWKS_URI: stack.identity.jwksUri,
    LOG_LEVEL: 'debug',
  });
  ({ handler } = (await import('../../src/server.lambda')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  process.env = savedEnv;
  logs?.restore();
  await stack?.close();
  publish('fuzz-figures.jest.md', fuzzTable(`Request fuzz (jest slice): ${RUNS} cases per way in`, rows));
});

test(`${RUNS} hostile envelopes through the HTTP server: no 5xx, every 200 is a playable response`, async () => {
  rows.push(['HTTP server', await fuzzHttp(stack.skill.webhookUrl, RUNS, postRaw)]);
}, 120_000);

test(`${RUNS} hostile envelopes through the Lambda handler: answered or refused by type, nothing else`, async () => {
  rows.push(['Lambda handler', await fuzzLambda(handler, RUNS, (error) => error instanceof AlexaRequestRejectedError)]);
}, 120_000);

test('after the fuzzing, both still answer a real user', async () => {
  const reply = await postRaw(stack.skill.webhookUrl, JSON.stringify(launchRequest()));
  expect(reply.status).toBe(200);
  expect(spoken(reply.body)).toMatch(LAUNCH_UNLINKED);
  expect(spoken(await handler(launchRequest(), {} as never))).toMatch(LAUNCH_UNLINKED);
});

test('the Lambda handler refuses an event for another skill', async () => {
  await expect(
    handler(launchRequest({ skillId: 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999' }), {} as never),
  ).rejects.toMatchObject({
    name: 'AlexaRequestRejectedError',
    reason: 'wrong-skill-id',
  });
});

test('an unknown request type gets a helpful answer, not an error', async () => {
  const envelope = launchRequest();
  (envelope.request as Record<string, unknown>).type = 'Alexa.NewFeature.Request';
  const reply = await postRaw(stack.skill.webhookUrl, JSON.stringify(envelope));
  expect(reply.status).toBe(200);
  expect(spoken(reply.body)).not.toMatch(/something went wrong/);
});
