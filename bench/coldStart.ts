import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BundleInfo } from './bundles';
import { median } from './stats';

export interface ColdStartTarget {
  name: string;
  bundle: BundleInfo;
  event: unknown;
  env: Record<string, string>;
}

export interface ColdStartRun {
  /** From spawn() in the parent until the child's answer arrives: what a cold Lambda adds. */
  wallMs: number;
  /** Inside the child, from its process start: require of the bundle done, first answer ready. */
  requiredAtMs: number;
  answeredAtMs: number;
  maxRssKb: number;
}

export interface ColdStartFigure {
  name: string;
  bundleBytes: number;
  howBuilt: string;
  runs: number;
  medianWallMs: number;
  medianRequireMs: number;
  medianFirstTurnMs: number;
  medianMaxRssMb: number;
  speech: string;
}

// Runs in the fresh process: require the bundle, answer one event, report timings and peak RSS.
const CHILD = `
const { performance } = require('node:perf_hooks');
const { handler } = require(process.env.BENCH_BUNDLE);
const requiredAt = performance.now();
handler(JSON.parse(process.env.BENCH_EVENT), { functionName: 'bench', awsRequestId: 'cold' }).then((answer) => {
  const answeredAt = performance.now();
  const speech = (answer && answer.response && answer.response.outputSpeech && answer.response.outputSpeech.ssml) || '';
  process.stdout.write(JSON.stringify({ requiredAt, answeredAt, maxRss: process.resourceUsage().maxRSS, speech }) + '\\n');
  process.exit(0);
}, (error) => { console.error(error); process.exit(1); });
`;

function runOnce(
  target: ColdStartTarget,
  bundlePath: string,
  extraArgs: string[],
): Promise<ColdStartRun & { speech: string }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...extraArgs, '-e', CHILD], {
      // A Lambda has nothing but the bundle: run it outside the project so no node_modules is found.
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? '',
        ...target.env,
        BENCH_BUNDLE: bundlePath,
        BENCH_EVENT: JSON.stringify(target.event),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (answered || !out.includes('\n')) return;
      answered = true;
      const wallMs = performance.now() - started;
      const report = JSON.parse(out) as { requiredAt: number; answeredAt: number; maxRss: number; speech: string };
      resolvePromise({
        wallMs,
        requiredAtMs: report.requiredAt,
        answeredAtMs: report.answeredAt,
        maxRssKb: report.maxRss,
        speech: report.speech.replace(/<[^>]+>/g, '').trim(),
      });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`${target.name}: no answer (exit ${code}): ${err.slice(0, 500)}`));
    });
  });
}

/** Copies each bundle alone into a temporary folder, the way it would sit in a Lambda. */
function isolate(targets: ColdStartTarget[]): { paths: Map<string, string>; cleanUp(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const paths = new Map<string, string>();
  targets.forEach((target, i) => {
    const folder = join(dir, String(i));
    mkdirSync(folder);
    const path = join(folder, 'index.js');
    copyFileSync(target.bundle.path, path);
    paths.set(target.name, path);
  });
  return { paths, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Median of `runs` fresh processes per target, targets interleaved run by run so that load from
 * elsewhere on the machine hits them alike. With `profileDir`, one more run each writes a CPU profile.
 */
export async function measureColdStarts(
  targets: ColdStartTarget[],
  runs: number,
  profileDir?: string,
): Promise<ColdStartFigure[]> {
  const { paths, cleanUp } = isolate(targets);
  try {
    const results = new Map<string, (ColdStartRun & { speech: string })[]>(targets.map((t) => [t.name, []]));
    for (const target of targets) await runOnce(target, paths.get(target.name) as string, []); // disk cache warm
    for (let run = 0; run < runs; run++) {
      for (const target of targets) {
        results.get(target.name)?.push(await runOnce(target, paths.get(target.name) as string, []));
      }
    }
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      for (const [i, target] of targets.entries()) {
        const name = `cold-${i}-${target.name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
        const args = ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`, `--cpu-prof-name=${name}`];
        // The bundle where it was built (not the temporary copy), so the profile's lines still resolve.
        await runOnce(target, target.bundle.path, args);
      }
    }
    return targets.map((target) => {
      const list = results.get(target.name) ?? [];
      return {
        name: target.name,
        bundleBytes: target.bundle.bytes,
        howBuilt: target.bundle.howBuilt,
        runs: list.length,
        medianWallMs: median(list.map((r) => r.wallMs)),
        medianRequireMs: median(list.map((r) => r.requiredAtMs)),
        medianFirstTurnMs: median(list.map((r) => r.answeredAtMs - r.requiredAtMs)),
        medianMaxRssMb: median(list.map((r) => r.maxRssKb / 1024)),
        speech: list[0]?.speech ?? '',
      };
    });
  } finally {
    cleanUp();
  }
}
