/**
 * `npm run bench` (full, a few minutes on 2 cores) and `npm run bench:smoke` (seconds, for CI).
 * Prints the table and writes the results as JSON to .artifacts/bench/. Flags:
 *   --latency MS        GetUser latency injected at the identity service (default 50)
 *   --turns N           timed warm turns for A and C (default 4000); --b-turns N for B (default 200)
 *   --connections LIST  HTTP concurrencies, e.g. 1,10,50 (default); --duration S per HTTP figure, split in 3 interleaved runs (default 6)
 *   --cold-runs N       fresh processes per bundle (default 15)
 *   --profile           also write CPU profiles (warm loop, one cold start per bundle) and summarise them
 *   --no-rebuild        use the existing bundle/ instead of running `npm run bundle`
 *   --smoke             tiny counts everywhere: checks that everything runs, says nothing about speed
 *   --summarize FILE    print where the time goes in a .cpuprofile and exit
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchOptions, BenchResults, runBenchmark } from './benchmark';
import { summarizeProfile } from './profileSummary';
import { formatReport } from './report';

const ROOT = join(__dirname, '..');

export function parseOptions(argv: string[]): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string, fallback: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, got "${raw}"`);
    return n;
  };
  const smoke = flag('smoke');
  const outDir = join(ROOT, '.artifacts', 'bench');
  return {
    latencyMs: number('latency', smoke ? 10 : 50),
    warmTurns: number('turns', smoke ? 50 : 4000),
    bTurns: number('b-turns', smoke ? 10 : 200),
    warmUpTurns: smoke ? 10 : 500,
    rounds: smoke ? 2 : 10,
    connections: (value('connections') ?? (smoke ? '1,10' : '1,10,50')).split(',').map(Number),
    bConnections: [10],
    httpDurationSec: number('duration', 6),
    httpAmount: smoke ? 50 : undefined,
    coldRuns: number('cold-runs', smoke ? 1 : 15),
    profileDir: flag('profile') ? join(outDir, 'profiles') : undefined,
    outDir,
    rebuildBundle: !flag('no-rebuild'),
  };
}

/** Writes <kind>-<time>.json, <kind>-latest.json and <kind>-latest.txt; returns the paths. */
export function writeResults(results: BenchResults, report: string, kind: 'smoke' | 'full'): string[] {
  const dir = results.options.outDir;
  mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const paths = [join(dir, `${kind}-${stamp}.json`), join(dir, `${kind}-latest.json`), join(dir, `${kind}-latest.txt`)];
  writeFileSync(paths[0], JSON.stringify(results, null, 2));
  writeFileSync(paths[1], JSON.stringify(results, null, 2));
  writeFileSync(paths[2], report + '\n');
  return paths;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const summarize = argv.indexOf('--summarize');
  if (summarize >= 0) {
    console.log(summarizeProfile(argv[summarize + 1]));
    return;
  }
  const options = parseOptions(argv);
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const results = await runBenchmark(options, (line) => console.error(`bench: ${line}`));
  const report = formatReport(results);
  console.log(report);
  const written = writeResults(results, report, argv.includes('--smoke') ? 'smoke' : 'full');
  console.log(`\nResults: ${written[0]} (and the same as *-latest.json / *-latest.txt)`);
  if (options.profileDir) {
    console.log(`CPU profiles: ${options.profileDir}`);
    for (const file of ['warm-A-C.cpuprofile']) console.log(summarizeProfile(join(options.profileDir, file)));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
