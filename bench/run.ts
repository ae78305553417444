/**
 * `npm run bench` (a few minutes on 2 cores) and `npm run bench:smoke` (seconds, for CI: tiny counts on
 * the running Node, saying nothing about speed). Prints the tables and writes them and the results as
 * JSON to .artifacts/bench/. Flags: --cold-runs N (per folder and scenario, default 15), --turns N (the
 * skill's timed warm turns, default 1000; each peer's a tenth), --latency MS (GetUser's, warm, default 50).
 */
import '../scripts/quietSdkNotice';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchOptions, runBenchmark } from './benchmark';
import { formatReport } from './report';

function parseOptions(argv: string[]): BenchOptions {
  const text = { type: 'string' } as const;
  const options = { smoke: { type: 'boolean' }, latency: text, 'cold-runs': text, turns: text } as const;
  const { values } = parseArgs({ args: argv, options });
  const smoke = values.smoke === true;
  const number = (name: 'latency' | 'cold-runs' | 'turns', fallback: number) => {
    const n = Number(values[name] ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number, got "${values[name]}"`);
    return n;
  };
  const skillTurns = number('turns', smoke ? 5 : 1000);
  return {
    latencyMs: number('latency', smoke ? 5 : 50),
    skillTurns,
    peerTurns: smoke ? 5 : Math.ceil(skillTurns / 10),
    rounds: smoke ? 1 : 10,
    coldRuns: number('cold-runs', smoke ? 1 : 15),
    node22: !smoke,
    outDir: join(__dirname, '..', '.artifacts', 'bench'),
  };
}

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
const progress = (line: string) => console.error(`bench ${((Date.now() - started) / 1000).toFixed(1)} s: ${line}`);
runBenchmark(options, progress).then(
  (results) => {
    const report = formatReport(results);
    const file = join(options.outDir, options.node22 ? 'full-latest' : 'smoke-latest');
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(`${file}.json`, JSON.stringify(results, null, 2));
    writeFileSync(`${file}.txt`, `${report}\n`);
    console.log(`${report}\n\nResults: ${file}.json (and .txt)`);
    process.exit(0); // the SDK clients' keep-alive sockets would hold the process open
  },
  (error: unknown) => console.error('bench failed:', error) ?? process.exit(1),
);
