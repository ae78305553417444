/**
 * The benchmark itself must keep working (a benchmark nobody can rerun is worthless), so CI runs
 * it with tiny counts. Timings on a shared CI machine mean nothing and are not asserted; what is
 * asserted is the shape of the results and the GetUser call counts, which are deterministic.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchResults, runBenchmark } from '../../bench/benchmark';
import { formatReport } from '../../bench/report';
import { parseOptions, writeResults } from '../../bench/run';

let results: BenchResults;
const outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));

beforeAll(async () => {
  const options = { ...parseOptions(['--smoke', '--no-rebuild']), outDir };
  results = await runBenchmark(options, () => undefined);
}, 240_000);

describe('the benchmark, run with tiny counts', () => {
  test('states the machine it ran on', () => {
    expect(results.machine.cpuCount).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(results.machine.cpuModel).not.toBe('');
  });

  test('the product asks Cognito at most once per 5-turn session, and not at all for a repeat session', () => {
    expect(results.getUserCalls.C.firstSession).toBeLessThanOrEqual(1);
    expect(results.getUserCalls.C.repeatSession).toBe(0);
  });

  test('the seed design asks Cognito on every one of the 5 turns, every session', () => {
    expect(results.getUserCalls.B).toEqual({ firstSession: 5, repeatSession: 5 });
  });

  test('the skill without account linking never asks Cognito', () => {
    expect(results.getUserCalls.A).toEqual({ firstSession: 0, repeatSession: 0 });
  });

  test('times warm turns for all three variants', () => {
    const { warmTurns, options } = results;
    expect(warmTurns.A.n).toBe(options.warmTurns);
    expect(warmTurns.C.n).toBe(options.warmTurns);
    expect(warmTurns.B.n).toBe(options.bTurns);
    for (const summary of Object.values(warmTurns)) {
      expect(summary.p50).toBeGreaterThan(0);
      expect(summary.p99).toBeGreaterThanOrEqual(summary.p50);
    }
  });

  test('loads each variant over HTTP without a single failed request', () => {
    const runs = results.http.map((h) => `${h.variant}@${h.connections}`).sort();
    expect(runs).toEqual(['A@1', 'A@10', 'B@10', 'C@1', 'C@10']);
    for (const figure of results.http) {
      expect(figure.failures).toBe(0);
      expect(figure.requests).toBeGreaterThan(0);
    }
  });

  test('cold-starts the skill bundle and the template bundle, and each answers its launch request', () => {
    const said = Object.fromEntries(results.coldStart.map((c) => [c.name, c.speech]));
    expect(said['template, plain esbuild']).toMatch(/Do you like pizza\?/);
    expect(said['template, skill options']).toMatch(/Do you like pizza\?/);
    expect(said['C, unlinked launch']).toMatch(/link/i);
    expect(said['C, linked launch']).toMatch(/^Welcome back, Alice Smith/);
    for (const figure of results.coldStart) {
      expect(figure.bundleBytes).toBeGreaterThan(0);
      expect(figure.medianMaxRssMb).toBeGreaterThan(0);
    }
  });

  test('prints the table with every target and writes the results as JSON', () => {
    const report = formatReport(results);
    expect(report).toMatch(/^Machine: \d+ x /);
    for (const target of [
      'C/A <= 1.2',
      'B/C >= 20',
      'C/A >= 0.9',
      'plain template bundle <= 0.7',
      'C bundle <= 1.5 MB',
    ]) {
      expect(report).toContain(target);
    }
    const [json, latest, text] = writeResults(results, report, 'smoke');
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(results)));
    expect(readFileSync(latest, 'utf8')).toBe(readFileSync(json, 'utf8'));
    expect(readFileSync(text, 'utf8')).toBe(report + '\n');
  });
});
