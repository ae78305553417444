import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LambdaFolder, lambdaNodeFlags } from './lambdas';
import { median } from './stats';

/** One cold start: a new process that requires index.js and answers one event. */
interface ColdStartRun {
  /** From spawn() in the parent until the answer: what a cold Lambda adds to a turn. */
  wallMs: number;
  /** Inside the child, from its process start until index.js is required. */
  requireMs: number;
  firstTurnMs: number;
  /** Peak resident memory of the child (Linux VmHWM). */
  rssMb: number;
  speech: string;
}

const PEERS = ['seed peer', 'v3 peer'] as const;

/** Medians of one folder's runs, and its time and peak RSS against each peer's, paired by round. */
export interface ColdStartFigure extends ColdStartRun {
  vs: Record<(typeof PEERS)[number], { time: number; rss: number }>;
}

// Runs in the new process, as Lambda's runtime calls a handler (a returned promise, or the callback).
// Peak RSS is VmHWM of this process image: resourceUsage().maxRSS would carry the parent's peak.
const CHILD = `
const { performance } = require('node:perf_hooks');
const lambda = require(process.env.BENCH_LAMBDA);
const requiredAt = performance.now();
new Promise((resolve, reject) => {
  const done = (error, answer) => (error ? reject(error) : resolve(answer));
  const returned = lambda.handler(JSON.parse(process.env.BENCH_EVENT), { functionName: 'bench', awsRequestId: 'cold' }, done);
  if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
}).then((answer) => {
  const hwmKb = Number(/VmHWM:\\s+(\\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]);
  const speech = (answer && answer.response.outputSpeech && answer.response.outputSpeech.ssml) || '';
  process.stdout.write('\\nBENCH ' + JSON.stringify({ requiredAt, answeredAt: performance.now(), hwmKb, speech }) + '\\n');
  process.exit(0);
}, (error) => { console.error(error); process.exit(1); });
`;

/** What Lambda's environment holds that the SDKs look at: the function role's credentials and region. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-not-used',
  AWS_SESSION_TOKEN: 'bench-session-token',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  // The AWS SDK v2's end-of-support notice, which Lambda would write to the log, not to this report.
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
};

function coldStart(node: string, lambda: LambdaFolder, env: Record<string, string>) {
  return new Promise<ColdStartRun>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [...lambdaNodeFlags(), '-e', CHILD], {
      cwd: tmpdir(), // a Lambda has nothing but its folder: no node_modules of the project to find
      env: { PATH: process.env.PATH, ...LAMBDA_ENV, ...env, BENCH_LAMBDA: join(lambda.dir, 'index.js') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      const line = out.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0 || !line)
        return reject(new Error(`${lambda.name}: no answer (exit ${code}): ${err.slice(0, 800)}`));
      const report = JSON.parse(line.slice('BENCH '.length)) as Record<string, number> & { speech: string };
      const speech = report.speech.replace(/<[^>]+>/g, '').trim();
      const firstTurnMs = report.answeredAt - report.requiredAt;
      resolve({ wallMs, requireMs: report.requiredAt, firstTurnMs, rssMb: report.hwmKb / 1024, speech });
    });
  });
}

/**
 * `runs` cold starts of every folder (the skill and both peers) per event, interleaved round by round
 * (every other round in reverse order) so that load from elsewhere hits every folder alike; one
 * unmeasured start each first, so every measured one finds the files in the page cache.
 */
export async function measureColdStarts(
  node: string,
  lambdas: LambdaFolder[],
  event: unknown,
  options: { runs: number; env: Record<string, string> },
): Promise<Record<string, ColdStartFigure>> {
  const env = { ...options.env, BENCH_EVENT: JSON.stringify(event) };
  const runs = new Map<string, ColdStartRun[]>(lambdas.map((lambda) => [lambda.name, []]));
  for (const lambda of lambdas) await coldStart(node, lambda, env);
  for (let round = 0; round < options.runs; round++) {
    for (const lambda of round % 2 ? [...lambdas].reverse() : lambdas) {
      runs.get(lambda.name)?.push(await coldStart(node, lambda, env));
    }
  }
  const of = (name: string) => runs.get(name) ?? [];
  // The median of each round's own ratio: run i of one folder against run i of the other, back to back.
  const paired = (a: ColdStartRun[], b: ColdStartRun[], key: 'wallMs' | 'rssMb') =>
    median(a.map((run, i) => run[key] / b[i][key]));
  const figure = (own: ColdStartRun[]): ColdStartFigure => ({
    wallMs: median(own.map((r) => r.wallMs)),
    requireMs: median(own.map((r) => r.requireMs)),
    firstTurnMs: median(own.map((r) => r.firstTurnMs)),
    rssMb: median(own.map((r) => r.rssMb)),
    speech: own[0].speech,
    vs: Object.fromEntries(
      PEERS.map((peer) => [peer, { time: paired(own, of(peer), 'wallMs'), rss: paired(own, of(peer), 'rssMb') }]),
    ) as ColdStartFigure['vs'],
  });
  return Object.fromEntries(lambdas.map((lambda) => [lambda.name, figure(of(lambda.name))]));
}
