/**
 * `npm run test:faults`: the fault and fuzz scenarios at full count, in a process of their own so
 * crashes are counted with process.on('unhandledRejection' / 'uncaughtException'), then the privacy
 * check over every log line the run wrote. Prints the figures tables (also written to FIGURES_DIR,
 * a temp folder) and exits non-zero when any promise is broken.
 * FAULT_TURNS (default 1000 per kind) and FUZZ_RUNS (default 10000 per way in) set the counts. The
 * fuzz draws a new seed each run and prints it; PROPERTY_SEED=<seed> replays one.
 */
import '../../scripts/quietSdkNotice';
import { AlexaRequestRejectedError } from '../../src/alexa/errors';
import { seedFrom } from '../support/propertySeed';
import { figuresTable, Figures, FIGURES_DIR, FuzzFigures, fuzzTable, publish } from './support/figures';
import { postRaw } from './support/http';
import { loadLambdaHandler } from './support/lambda';
import { captureLogs, secretsIn } from './support/logCapture';
import { countFromEnv, crashCounter } from './support/stack';
import { FAULT_KINDS, startFaultBench } from './scenarios/faults';
import { fuzzHttp, fuzzLambda } from './scenarios/fuzz';

const TURNS = countFromEnv('FAULT_TURNS', 1000);
const FUZZ = { numRuns: countFromEnv('FUZZ_RUNS', 10_000), seed: seedFrom(process.env, randomSeed()) };

function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** Proves the counter is live before trusting its zero: one deliberate unhandled rejection. */
async function crashCounterSeesRejections(): Promise<boolean> {
  const probe = crashCounter();
  void Promise.reject(new Error('deliberate probe'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  probe.stop();
  return probe.counts.unhandledRejections === 1;
}

async function main(): Promise<number> {
  const counterWorks = await crashCounterSeesRejections();
  const crashes = crashCounter();
  const logs = captureLogs();
  const problems: string[] = [];
  const started = Date.now();
  const bench = await startFaultBench(logs);
  const rows: Figures[] = [];
  const fuzzRows: [string, FuzzFigures][] = [];
  try {
    for (const kind of FAULT_KINDS) {
      const figures = await bench.run(kind, TURNS);
      rows.push(figures);
      problems.push(...kind.check(figures, TURNS).map((problem) => `${kind.name}: ${problem}`));
    }

    const { identity } = bench.stack;
    const handler = await loadLambdaHandler({
      COGNITO_USER_POOL_ID: identity.userPoolId,
      COGNITO_APP_CLIENT_ID: identity.clientId,
      COGNITO_API_ENDPOINT: identity.url,
      COGNITO_JWKS_URI: identity.jwksUri,
      LOG_LEVEL: 'debug',
    });
    process.stdout.write(`Fuzz seed: ${FUZZ.seed} (replay: PROPERTY_SEED=${FUZZ.seed} npm run test:faults)\n`);
    for (const [name, run] of [
      ['HTTP server', () => fuzzHttp(bench.stack.skill.webhookUrl, FUZZ, postRaw)],
      ['Lambda handler', () => fuzzLambda(handler, FUZZ, (e) => e instanceof AlexaRequestRejectedError)],
    ] as const) {
      try {
        fuzzRows.push([name, await run()]);
      } catch (error) {
        problems.push(
          `fuzz through the ${name}: ${error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : error}`,
        );
      }
    }
  } finally {
    await bench.close();
    logs.restore();
  }

  // Give late socket errors and timers a moment to surface before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  crashes.stop();
  const leaked = secretsIn(logs.text(), bench.secrets());
  if (leaked.length > 0) problems.push(`secrets in the logs: ${leaked.length}`);
  if (!counterWorks) problems.push('the crash counter did not see a deliberate unhandled rejection');
  if (crashes.total() > 0) problems.push(`crashes: ${JSON.stringify(crashes.counts)}`);

  publish('fault-figures.md', figuresTable(`Fault suite (full run): ${TURNS} turns per kind`, rows, crashes.total()));
  publish(
    'fuzz-figures.md',
    fuzzTable(`Request fuzz (full run): ${FUZZ.numRuns} cases per way in, seed ${FUZZ.seed}`, fuzzRows),
  );
  process.stdout.write(
    `Crash counter self-check (one deliberate unhandled rejection seen): ${counterWorks ? 'yes' : 'NO'}\n` +
      `Log lines checked for tokens, emails and passwords: ${logs.lines.length}; found: ${leaked.length}\n` +
      `Fuzz seed: ${FUZZ.seed}; figures kept in ${FIGURES_DIR}\n` +
      `Took ${Math.round((Date.now() - started) / 1000)} s\n` +
      (problems.length ? `FAILED:\n- ${problems.join('\n- ')}\n` : 'All fault, fuzz and privacy promises held.\n'),
  );
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`test:faults failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
