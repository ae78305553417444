/**
 * Sessions that outlive a deploy, and bodies built to exhaust the stack, through both ways in: the
 * skill's HTTP server and the prod stage's Lambda handler.
 * - A dialogue state naming a component this version does not have (removed, renamed, or a name
 *   of Object.prototype) is answered as if the session had no state.
 * - Session attributes nested 20,000 deep (about 41 KB) are refused before Jovo sees them: HTTP 400,
 *   and the Lambda handler rejects with AlexaRequestRejectedError.
 * No identity service: every request here comes without a token.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AlexaRequestRejectedError } from '../../src/alexa/errors';
import { localSkillConfig } from '../../deploy/settings';
import { RunningSkillServer } from '../../src/server.express';
import { intentRequest } from '../support/alexaEnvelopes';
import { startTestSkill } from '../support/skill';
import { answerProblem } from './support/alexaAnswer';
import { postRaw, spoken } from './support/http';
import { LambdaHandler, loadLambdaHandler } from './support/lambda';

let server: RunningSkillServer;
let handler: LambdaHandler;

beforeAll(async () => {
  const config = localSkillConfig({ LOG_LEVEL: 'silent' });
  server = await startTestSkill(config);
  handler = await loadLambdaHandler({
    COGNITO_USER_POOL_ID: config.cognito.userPoolId,
    COGNITO_APP_CLIENT_ID: config.cognito.appClientId,
    LOG_LEVEL: 'silent',
  });
});
afterAll(() => server?.close());

/** What the user hears, through each way in (the HTTP status must be 200). */
const WAYS_IN: [string, (envelope: object) => Promise<unknown>][] = [
  [
    'HTTP server',
    async (envelope) => {
      const reply = await postRaw(server.webhookUrl, JSON.stringify(envelope));
      expect(reply.status).toBe(200);
      return reply.body;
    },
  ],
  ['Lambda handler', (envelope) => handler(envelope, {} as never)],
];

describe.each(WAYS_IN)('through the %s', (_way, send) => {
  describe.each([
    ['a removed component', 'NoSuchComponent'],
    ['"constructor"', 'constructor'],
  ])('a session whose state names %s', (_name, component) => {
    test.each([
      ['AMAZON.FallbackIntent', /^Sorry, I didn't get that\./],
      ['AMAZON.HelpIntent', /choose link account\./],
    ])('%s is answered as if the session had no state', async (intent, expected) => {
      const stale = intentRequest(intent, { newSession: false, attributes: { state: [{ component }], data: {} } });
      const clean = intentRequest(intent, { newSession: false, attributes: { data: {} } });
      const [staleAnswer, cleanAnswer] = [await send(stale), await send(clean)];
      expect(answerProblem(stale, staleAnswer)).toBeUndefined();
      expect(spoken(staleAnswer)).toMatch(expected);
      expect(spoken(staleAnswer)).toBe(spoken(cleanAnswer));
    });
  });
});

describe('session attributes nested 20,000 deep', () => {
  const DEPTH = 20_000;

  test('get HTTP 400 from the server', async () => {
    const marker = '"deep-attribute-goes-here"';
    const envelope = intentRequest('AMAZON.HelpIntent', { newSession: false, attributes: { data: {}, deep: 'x' } });
    const body = JSON.stringify(envelope).replace(
      '"deep":"x"',
      `"deep":${'['.repeat(DEPTH)}${marker}${']'.repeat(DEPTH)}`,
    );
    expect(body.length).toBeGreaterThan(40_000);
    const reply = await postRaw(server.webhookUrl, body);
    expect(reply).toMatchObject({ status: 400, body: { error: 'bad request' } });
  });

  test('are refused by the Lambda handler with AlexaRequestRejectedError', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < DEPTH; level += 1) deep = [deep];
    const envelope = intentRequest('AMAZON.HelpIntent', { newSession: false, attributes: { data: {}, deep } });
    const refusal = await handler(envelope, {} as never).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AlexaRequestRejectedError);
    expect(refusal).toMatchObject({ reason: 'malformed-envelope' });
  });

  test('both still answer afterwards', async () => {
    const envelope = intentRequest('AMAZON.HelpIntent');
    expect(spoken((await postRaw(server.webhookUrl, JSON.stringify(envelope))).body)).toMatch(/choose link account\./);
    expect(spoken(await handler(envelope, {} as never))).toMatch(/choose link account\./);
  });
});
