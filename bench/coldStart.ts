import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lambdaMemoryMb, lambdaNodeFlags } from '../scripts/bundle';
import { LambdaFolder } from './bundles';
import { median } from './stats';

/** V8's verdict on each shipped cache ('accepted', 'rejected', 'absent'; several joined by '+'), or 'none'. */
export type CodeCacheStatus = string;

export interface ColdStartTarget {
  /** What is measured, e.g. "linked launch, GetUser 50 ms": one row of the table. */
  scenario: string;
  lambda: LambdaFolder;
  event: unknown;
  env: Record<string, string>;
  /** Set at the identity service before each run of this target. */
  getUserLatencyMs: number;
}

export interface ColdStartRun {
  /** From spawn() in the parent until the child's answer arrives: what a cold Lambda adds. */
  wallMs: number;
  /** Inside the child, from its process start: require of index.js done, first answer ready. */
  requiredAtMs: number;
  answeredAtMs: number;
  maxRssKb: number;
  speech: string;
  codeCache: CodeCacheStatus;
}

export interface ColdStartFigure {
  scenario: string;
  variant: string;
  jsBytes: number;
  cacheBytes: number;
  howBuilt: string;
  runs: number;
  /** Every run's time to answer, in run order (run i of every target was measured in the same round). */
  wallMs: number[];
  medianWallMs: number;
  medianRequireMs: number;
  medianFirstTurnMs: number;
  medianMaxRssMb: number;
  speech: string;
  /** Whether V8 used the shipped code cache in every run ('none': nothing shipped). */
  codeCache: CodeCacheStatus;
  /** How node was started (Lambda's bootstrap flags). */
  nodeFlags: string[];
}

/** Lambda's bootstrap starts node with these for the function's memory size (deploy/template.yaml). */
export const LAMBDA_NODE_FLAGS = lambdaNodeFlags(lambdaMemoryMb());

// Runs in the fresh process: require index.js, answer one event the way Lambda's runtime calls a
// handler (a returned promise, or the callback), report timings, peak RSS and the code cache status.
//
// Peak RSS is Linux's VmHWM of this process image. Not resourceUsage().maxRSS: across fork and exec,
// Linux carries the parent's peak into the child's, so every child of a large parent would report it.
const CHILD = `
const { performance } = require('node:perf_hooks');
function peakRssKb() {
  try {
    return Number(/VmHWM:\\s+(\\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]);
  } catch {
    return process.resourceUsage().maxRSS;
  }
}
const lambda = require(process.env.BENCH_LAMBDA);
const requiredAt = performance.now();
const event = JSON.parse(process.env.BENCH_EVENT);
new Promise((resolve, reject) => {
  const done = (error, answer) => (error ? reject(error) : resolve(answer));
  const returned = lambda.handler(event, { functionName: 'bench', awsRequestId: 'cold' }, done);
  if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
}).then((answer) => {
  const answeredAt = performance.now();
  const speech = (answer && answer.response && answer.response.outputSpeech && answer.response.outputSpeech.ssml) || '';
  const statuses = lambda.codeCache ? Object.values(lambda.codeCache.status()) : [];
  const codeCache = statuses.length === 0 ? 'none' : [...new Set(statuses)].join('+');
  process.stdout.write('\\nBENCH ' + JSON.stringify({ requiredAt, answeredAt, maxRss: peakRssKb(), speech, codeCache }) + '\\n');
  process.exit(0);
}, (error) => { console.error(error); process.exit(1); });
`;

function runOnce(target: ColdStartTarget, extraArgs: string[] = []): Promise<ColdStartRun> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...LAMBDA_NODE_FLAGS, ...extraArgs, '-e', CHILD], {
      // A Lambda has nothing but its folder: run outside the project so no node_modules is found.
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? '',
        ...target.env,
        BENCH_LAMBDA: join(target.lambda.dir, 'index.js'),
        BENCH_EVENT: JSON.stringify(target.event),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('BENCH ') && out.endsWith('\n'));
      if (answered || !line) return;
      answered = true;
      const wallMs = performance.now() - started;
      const report = JSON.parse(line.slice('BENCH '.length)) as {
        requiredAt: number;
        answeredAt: number;
        maxRss: number;
        speech: string;
        codeCache: CodeCacheStatus;
      };
      resolvePromise({
        wallMs,
        requiredAtMs: report.requiredAt,
        answeredAtMs: report.answeredAt,
        maxRssKb: report.maxRss,
        speech: report.speech.replace(/<[^>]+>/g, '').trim(),
        codeCache: report.codeCache,
      });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered)
        reject(new Error(`${target.scenario} (${target.lambda.name}): no answer (exit ${code}): ${err.slice(0, 800)}`));
    });
  });
}

function figureOf(target: ColdStartTarget, runs: ColdStartRun[]): ColdStartFigure {
  const statuses = new Set(runs.map((r) => r.codeCache));
  return {
    scenario: target.scenario,
    variant: target.lambda.name,
    jsBytes: target.lambda.jsBytes,
    cacheBytes: target.lambda.cacheBytes,
    howBuilt: target.lambda.howBuilt,
    runs: runs.length,
    wallMs: runs.map((r) => r.wallMs),
    medianWallMs: median(runs.map((r) => r.wallMs)),
    medianRequireMs: median(runs.map((r) => r.requiredAtMs)),
    medianFirstTurnMs: median(runs.map((r) => r.answeredAtMs - r.requiredAtMs)),
    medianMaxRssMb: median(runs.map((r) => r.maxRssKb / 1024)),
    speech: runs[0]?.speech ?? '',
    codeCache: [...statuses].join(' / '),
    nodeFlags: LAMBDA_NODE_FLAGS,
  };
}

/**
 * Median of `runs` fresh processes per target, targets interleaved run by run so that load from
 * elsewhere on the machine hits them alike: put the targets to compare next to each other. `setLatency`
 * sets the identity service's GetUser latency before each run. With `profileDir`, one more run each
 * writes a CPU profile.
 */
export async function measureColdStarts(
  targets: ColdStartTarget[],
  options: { runs: number; setLatency: (ms: number) => void; profileDir?: string; warmUp?: boolean },
): Promise<ColdStartFigure[]> {
  const results = targets.map(() => [] as ColdStartRun[]);
  const once = async (target: ColdStartTarget, extraArgs?: string[]) => {
    options.setLatency(target.getUserLatencyMs);
    return runOnce(target, extraArgs);
  };
  if (options.warmUp !== false) for (const target of targets) await once(target); // disk cache warm
  for (let run = 0; run < options.runs; run++) {
    // Every other run backwards, so no target always follows the same one.
    const order = [...targets.keys()];
    if (run % 2 === 1) order.reverse();
    for (const i of order) results[i].push(await once(targets[i]));
  }
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    for (const [i, target] of targets.entries()) {
      const name = `cold-${i}-${target.lambda.name}-${target.scenario.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
      await once(target, ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profileDir)}`, `--cpu-prof-name=${name}`]);
    }
  }
  return targets.map((target, i) => figureOf(target, results[i]));
}
