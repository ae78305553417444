import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LambdaFolder, lambdaNodeFlags } from './lambdas';
import { median } from './stats';

/**
 * One cold start, or the medians of a folder's: ms from spawn() in the parent until the answer (what a
 * cold Lambda adds to a turn), of it until index.js is required and for the first turn, peak RSS.
 */
type ColdStartRun = Record<'wallMs' | 'requireMs' | 'firstTurnMs' | 'rssMb', number> & { speech: string };

/** A folder's medians, and its time and peak RSS against each peer's, paired by round. */
export type ColdStartFigure = ColdStartRun & { vs: Record<'seed peer' | 'v3 peer', { time: number; rss: number }> };

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

/**
 * What Lambda sets for every function (the role's credentials and region for the SDKs; the cold-start
 * metric is emitted only for on-demand starts), and what the stack sets for the skill's metrics.
 */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'ASIABENCH',
  AWS_SECRET_ACCESS_KEY: 'unused',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  POWERTOOLS_SERVICE_NAME: 'profile-keeper',
};

function coldStart(node: string, lambda: LambdaFolder, env: Record<string, string>) {
  return new Promise<ColdStartRun>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [...lambdaNodeFlags(), '-e', CHILD], {
      cwd: tmpdir(), // a Lambda has nothing but its folder: no node_modules of the project to find
      env: { PATH: process.env.PATH, ...LAMBDA_ENV, ...env, BENCH_LAMBDA: join(lambda.dir, 'index.js') },
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
      const { requiredAt, answeredAt, hwmKb, speech } = JSON.parse(line.slice(6)) as Record<string, number> & {
        speech: string;
      };
      const [firstTurnMs, said] = [answeredAt - requiredAt, speech.replace(/<[^>]+>/g, '').trim()];
      resolve({ wallMs, requireMs: requiredAt, firstTurnMs, rssMb: hwmKb / 1024, speech: said });
    });
  });
}

/**
 * `runs` cold starts of every folder (the skill and both peers) for one event, interleaved round by
 * round (every other round in reverse order) so that load from elsewhere hits every folder alike; one
 * unmeasured start each first, so every measured one finds the files in the page cache. Each ratio
 * is the median of the rounds' own ratios (run i of one folder against run i of the other).
 */
export async function measureColdStarts(
  node: string,
  lambdas: LambdaFolder[],
  options: { event: unknown; runs: number; env: Record<string, string> },
): Promise<Record<string, ColdStartFigure>> {
  // AWS SDK v2's end-of-support notice: Lambda writes it to the log, this would write it to the report.
  const env = {
    ...options.env,
    BENCH_EVENT: JSON.stringify(options.event),
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  const runs = new Map<string, ColdStartRun[]>(lambdas.map((lambda) => [lambda.name, []]));
  for (const lambda of lambdas) await coldStart(node, lambda, env);
  for (let round = 0; round < options.runs; round++) {
    for (const lambda of round % 2 ? [...lambdas].reverse() : lambdas) {
      runs.get(lambda.name)?.push(await coldStart(node, lambda, env));
    }
  }
  const of = (name: string) => runs.get(name) ?? [];
  const figure = (own: ColdStartRun[]): ColdStartFigure => {
    const m = (key: 'wallMs' | 'requireMs' | 'firstTurnMs' | 'rssMb') => median(own.map((run) => run[key]));
    const paired = (peer: string, key: 'wallMs' | 'rssMb') => median(own.map((run, i) => run[key] / of(peer)[i][key]));
    const vs = (peer: string) => ({ time: paired(peer, 'wallMs'), rss: paired(peer, 'rssMb') });
    return {
      speech: own[0].speech,
      wallMs: m('wallMs'),
      requireMs: m('requireMs'),
      firstTurnMs: m('firstTurnMs'),
      rssMb: m('rssMb'),
      vs: { 'seed peer': vs('seed peer'), 'v3 peer': vs('v3 peer') },
    };
  };
  return Object.fromEntries(lambdas.map((lambda) => [lambda.name, figure(of(lambda.name))]));
}
