import autocannon from 'autocannon';
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { AlexaAnswer, speechOf } from './alexa';
import { IdentityEndpoint } from './config';
import { VariantName } from './variants';

const ROOT = join(__dirname, '..');

export interface HttpFigure {
  variant: VariantName;
  connections: number;
  /** Mean requests per second over the run. */
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Anything but a 2xx answer, connection errors and timeouts: must be 0 for the figure to count. */
  failures: number;
  /** Requests per second of each interleaved round, in round order (for paired ratios). */
  roundRequestsPerSec: number[];
}

export interface RunningSkillProcess {
  webhookUrl: string;
  stop(): Promise<void>;
}

/**
 * The worker, bundled once with esbuild (its npm packages stay in node_modules): a fork then
 * starts in a fraction of the time a TypeScript loader needs.
 */
export async function buildHttpWorker(outDir: string): Promise<string> {
  const outfile = join(outDir, 'httpWorker.js');
  await build({
    entryPoints: [join(__dirname, 'httpWorker.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    // The skill's lazy `import()` of the AWS SDK as a require: an ES import would not search
    // NODE_PATH, and GetUser would fail in the worker.
    supported: { 'dynamic-import': false },
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}

/** Starts a variant's skill server in a child process and resolves once it listens. */
export function startSkillProcess(
  worker: string,
  variant: VariantName,
  identity: IdentityEndpoint,
): Promise<RunningSkillProcess> {
  const child = fork(worker, [], {
    env: {
      ...process.env,
      NODE_PATH: join(ROOT, 'node_modules'),
      BENCH_HTTP_WORKER: JSON.stringify({ variant, identity }),
    },
    execArgv: ['--disable-warning=NodeVersionSupportWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`skill server for ${variant} exited early (code ${code})`)));
    child.once('message', (message: { webhookUrl: string }) =>
      resolve({
        webhookUrl: message.webhookUrl,
        stop: async () => {
          child.disconnect();
          await exited;
        },
      }),
    );
  });
}

/**
 * Sends a recorded session once over HTTP and checks the server says what the skill said in
 * process: a server that answers fast but wrongly (a failing GetUser still answers 200) must not
 * make it into the table.
 */
export async function checkOverHttp(
  variant: VariantName,
  webhookUrl: string,
  session: { envelopes: unknown[]; said: string[] },
): Promise<void> {
  for (const [turn, envelope] of session.envelopes.entries()) {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
    const said = response.ok ? speechOf((await response.json()) as AlexaAnswer) : `HTTP ${response.status}`;
    if (said !== session.said[turn]) {
      throw new Error(`variant ${variant} over HTTP, turn ${turn + 1}: "${said}", in process: "${session.said[turn]}"`);
    }
  }
}

export interface LoadOptions {
  connections: number;
  /** Seconds of load; or a fixed number of requests for smoke runs. */
  durationSec?: number;
  amount?: number;
}

/** Replays one recorded session's envelopes in a loop on every connection, with autocannon. */
export async function runLoad(
  variant: VariantName,
  webhookUrl: string,
  envelopes: unknown[],
  options: LoadOptions,
): Promise<HttpFigure> {
  const url = new URL(webhookUrl);
  const result = await autocannon({
    url: url.origin,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSec ?? 5 }),
    // A fixed amount ends at the next sample tick: short ticks keep smoke runs short.
    ...(options.amount ? { sampleInt: 50 } : {}),
    requests: envelopes.map((envelope) => ({
      method: 'POST' as const,
      path: url.pathname,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    })),
  });
  const requestsPerSec = result.requests.total / result.duration;
  return {
    variant,
    connections: options.connections,
    requestsPerSec,
    roundRequestsPerSec: [requestsPerSec],
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Several short runs of one figure, merged: requests add up, latencies are the runs' medians. */
export function mergeRuns(runs: HttpFigure[]): HttpFigure {
  const mid = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    ...runs[0],
    requestsPerSec: runs.reduce((sum, r) => sum + r.requestsPerSec, 0) / runs.length,
    latencyP50Ms: mid(runs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: mid(runs.map((r) => r.latencyP99Ms)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    roundRequestsPerSec: runs.flatMap((r) => r.roundRequestsPerSec),
  };
}

/**
 * Throughput of `a` over `b` as the median of the rounds' own ratios (each round of `a` against the
 * round of `b` run right beside it): a burst from elsewhere on a shared machine then spoils one
 * round's ratio, not the figure. Falls back to the means' ratio when the rounds do not pair up.
 */
export function pairedThroughputRatio(a: HttpFigure | undefined, b: HttpFigure | undefined): number {
  if (!a || !b) return NaN;
  const pairs = a.roundRequestsPerSec.length;
  if (pairs === 0 || pairs !== b.roundRequestsPerSec.length) return a.requestsPerSec / b.requestsPerSec;
  const ratios = a.roundRequestsPerSec.map((value, i) => value / b.roundRequestsPerSec[i]).sort((x, y) => x - y);
  const mid = Math.floor(pairs / 2);
  return pairs % 2 === 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
}
