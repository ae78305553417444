/**
 * When Cognito is slow, failing, throttling, dropping connections or not there at all, every user
 * still hears an answer within 3 s (the skill's budget is 2.5 s; Alexa gives up at 8 s), is never
 * told to relink for it, and the process never crashes. Runs against the real identity service's
 * fault injection and the real HTTP server: FAULT_TURNS (default 20) turns per kind, concurrently.
 * `npm run test:faults` runs the same scenarios 1,000 times per kind in a process of its own, where
 * crashes are counted with process.on('unhandledRejection'); inside jest, jest itself fails the
 * suite on any unhandled rejection or uncaught exception.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { figuresTable, Figures, publish } from './support/figures';
import { postRaw, spoken } from './support/http';
import { captureLogs, LogCapture, secretsIn } from './support/logCapture';
import { countFromEnv } from './support/stack';
import { launchRequest } from '../support/alexaEnvelopes';
import { FAULT_KINDS, FaultBench, startFaultBench } from './scenarios/faults';
import { rendered } from '../support/expectedText';
import { ALICE } from '../support/identity';

const TURNS = countFromEnv('FAULT_TURNS', 20);

let bench: FaultBench;
let logs: LogCapture;
const rows: Figures[] = [];

beforeAll(async () => {
  logs = captureLogs();
  bench = await startFaultBench(logs);
});

afterAll(async () => {
  logs?.restore();
  await bench?.close();
  publish(
    'fault-figures.jest.md',
    figuresTable(
      `Fault suite (jest slice): ${TURNS} turns per kind`,
      rows,
      'counted in the full run; jest fails the suite on any',
    ),
  );
});

describe.each(FAULT_KINDS.map((kind) => [kind.name, kind] as const))('%s', (_name, kind) => {
  test(`all ${TURNS} users get an answer within 3 s, no 5xx, and hear only what they should`, async () => {
    const figures = await bench.run(kind, TURNS);
    rows.push(figures);
    expect(kind.check(figures, TURNS)).toEqual([]);
  });
});

test('once the faults are gone, a user is welcomed by name again', async () => {
  const reply = await postRaw(
    bench.stack.skill.webhookUrl,
    JSON.stringify(launchRequest({ accessToken: bench.tokens[0].accessToken })),
  );
  expect(spoken(reply.body)).toBe(rendered('en-US', 'welcome.linked', { name: ALICE.name }));
});

test('the logs of the fault runs hold no token, email address or password', () => {
  expect(logs.lines.length).toBeGreaterThan(0);
  expect(secretsIn(logs.text(), bench.secrets())).toEqual([]);
});
