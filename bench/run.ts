/**
 * `npm run bench` (full, a few minutes on 2 cores) and `npm run bench:smoke` (seconds, for CI).
 * Prints the tables and writes the results as JSON to .artifacts/bench/. Flags:
 *   --latency MS          GetUser latency injected for warm turns and HTTP (default 50)
 *   --cold-latencies LIST GetUser latencies for linked cold starts (default 0,50)
 *   --turns N             timed warm turns for A and C (default 4000); --slow-turns N for B and P (default 200)
 *   --connections LIST    HTTP concurrencies (default 1,10,50); --duration S per HTTP figure, in 5 interleaved rounds (default 10)
 *   --cold-runs N         new processes per cold-start target (default 15)
 *   --claims-turns N      first turns timed with profile claims off and on (default 60)
 *   --steps               also cold-start the artefact after each build step (what each step bought)
 *   --profile             also write CPU profiles (warm loop, one cold start per target) and summarise them
 *   --smoke               tiny counts everywhere: checks that everything runs, says nothing about speed
 *   --summarize FILE      print where the time goes in a .cpuprofile and exit
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
  const list = (name: string, fallback: string) => {
    const raw = value(name) ?? fallback;
    const numbers = raw.split(',').map(Number);
    if (numbers.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`--${name} needs numbers, got "${raw}"`);
    return numbers;
  };
  const smoke = flag('smoke');
  const outDir = join(ROOT, '.artifacts', 'bench');
  return {
    latencyMs: number('latency', smoke ? 5 : 50),
    coldLatenciesMs: list('cold-latencies', smoke ? '5' : '0,50'),
    warmTurns: number('turns', smoke ? 10 : 4000),
    slowTurns: number('slow-turns', smoke ? 5 : 200),
    warmUpTurns: smoke ? 5 : 500,
    rounds: smoke ? 1 : 10,
    claimsFirstTurns: number('claims-turns', smoke ? 2 : 60),
    connections: list('connections', smoke ? '2' : '1,10,50'),
    httpDurationSec: number('duration', 10),
    httpRounds: smoke ? 1 : 5,
    httpAmount: smoke ? 20 : undefined,
    coldRuns: number('cold-runs', smoke ? 1 : 15),
    coldWarmUp: !smoke,
    steps: flag('steps'),
    profileDir: flag('profile') ? join(outDir, 'profiles') : undefined,
    outDir,
  };
}

/** Writes <kind>-<time>.json, <kind>-latest.json and <kind>-latest.txt; returns the paths. */
function writeResults(results: BenchResults, report: string, kind: 'smoke' | 'full'): string[] {
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
  const started = Date.now();
  const progress = (line: string) => console.error(`bench ${((Date.now() - started) / 1000).toFixed(1)} s: ${line}`);
  const results = await runBenchmark(options, progress);
  progress('done');
  const report = formatReport(results);
  console.log(report);
  const written = writeResults(results, report, argv.includes('--smoke') ? 'smoke' : 'full');
  console.log(`\nResults: ${written[0]} (and the same as *-latest.json / *-latest.txt)`);
  if (options.profileDir) {
    console.log(`CPU profiles: ${options.profileDir}`);
    console.log(summarizeProfile(join(options.profileDir, 'warm-A-C.cpuprofile')));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
