/**
 * The benchmark itself must keep working (a benchmark nobody can rerun is worthless), so CI runs
 * it with tiny counts. Timings on a shared CI machine mean nothing and are not asserted; what is
 * asserted is what the run itself returns: its shape, the answers every variant gave, and the
 * GetUser call counts, which are deterministic.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchResults, runBenchmark } from '../../bench/benchmark';
import { formatReport } from '../../bench/report';
import { parseOptions } from '../../bench/run';
import { ORDER } from '../../bench/variants';

let results: BenchResults;

beforeAll(async () => {
  const options = { ...parseOptions(['--smoke']), outDir: mkdtempSync(join(tmpdir(), 'bench-smoke-')) };
  results = await runBenchmark(options, () => undefined);
}, 60_000);

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

  test('the GetUser-every-request app and the ASK SDK peer ask Cognito on every one of the 5 turns', () => {
    expect(results.getUserCalls.B).toMatchObject({ firstSession: 5, repeatSession: 5 });
    expect(results.getUserCalls.P).toMatchObject({ firstSession: 5, repeatSession: 5 });
  });

  test('with profile claims in the access token the product asks Cognito for nothing; without, once', () => {
    const claims = Object.fromEntries(results.profileClaims.map((figure) => [figure.option, figure]));
    expect(claims.off.getUserPerSession).toBe(1);
    expect(claims.on.getUserPerSession).toBe(0);
    expect(claims.on.firstTurn.n).toBe(results.options.claimsFirstTurns);
  });

  test('the app with a fixed user never asks Cognito', () => {
    expect(results.getUserCalls.A).toMatchObject({ firstSession: 0, repeatSession: 0 });
  });

  test('the peer says, turn by turn, exactly what the product says', () => {
    expect(results.getUserCalls.P.said).toEqual(results.getUserCalls.C.said);
    expect(results.getUserCalls.C.said[0]).toMatch(/^Welcome back, Alice Smith! /);
  });

  test('times warm turns for all four variants', () => {
    for (const variant of ORDER) {
      const summary = results.warmTurns[variant];
      expect(summary?.n).toBeGreaterThan(0);
      expect(summary?.p99).toBeGreaterThanOrEqual(summary?.p50 ?? Infinity);
    }
  });

  test('loads every variant over HTTP at every concurrency without a single failed request', () => {
    const runs = results.http.map((h) => `${h.variant}@${h.connections}`).sort();
    expect(runs).toEqual(ORDER.flatMap((v) => results.options.connections.map((c) => `${v}@${c}`)).sort());
    for (const figure of results.http) {
      expect(figure.failures).toBe(0);
      expect(figure.requests).toBeGreaterThan(0);
    }
  });

  test('cold-starts the shipped artefact and the peer, which answer unlinked and linked launches alike', () => {
    const said = (variant: string, scenario: RegExp) =>
      results.coldStart.find((c) => c.variant === variant && scenario.test(c.scenario))?.speech;
    for (const variant of ['C', 'P']) {
      expect(said(variant, /^unlinked/)).toMatch(/^Welcome to Profile Keeper\. .*link your account/);
      expect(said(variant, /^linked/)).toMatch(/^Welcome back, Alice Smith!/);
    }
  });

  test("runs the product with its code cache accepted by V8 (the build trains it under Lambda's flags)", () => {
    const product = results.coldStart.filter((c) => c.variant === 'C');
    expect(product.map((c) => c.codeCache)).toEqual(product.map(() => 'accepted'));
    expect(product[0].cacheBytes).toBeGreaterThan(0);
    expect(product[0].nodeFlags).toContain('--expose-gc');
  });

  test('prints the summary against the peer and every target', () => {
    const report = formatReport(results);
    expect(report).toMatch(/^Machine: \d+ x /);
    expect(report).toMatch(
      /C\/P: cold start unlinked launch \d+\.\d\dx, linked launch, GetUser \d+ ms \d+\.\d\dx; peak RSS/,
    );
    for (const target of [
      'warm p50 C/P <= 1.0',
      'HTTP req/s at',
      'cold start, unlinked launch: C/P <= 1.0',
      'peak RSS, linked launch',
      'C JavaScript <= 1,000,000 B',
    ]) {
      expect(report).toContain(target);
    }
  });
});
