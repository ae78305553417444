/**
 * The benchmark must keep working (a benchmark nobody can rerun is worthless), so CI runs it as a
 * user would, `npm run bench:smoke`: tiny counts on the running Node. Timings on a shared CI machine
 * mean nothing and are not asserted; what is asserted is what the run reports: its shape, the
 * answers, and the GetUser call counts, which are deterministic.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchResults } from '../../bench/benchmark';

const ROOT = join(__dirname, '..', '..');
const NAMES = ['skill', 'seed peer', 'v3 peer'];
let results: BenchResults;
let report: string;
let stderr: string;

beforeAll(async () => {
  ({ stderr } = await promisify(execFile)('npm', ['run', '--silent', 'bench:smoke'], { cwd: ROOT, timeout: 60_000 }));
  const written = (ext: string) => readFileSync(join(ROOT, '.artifacts', 'bench', `smoke-latest.${ext}`), 'utf8');
  results = JSON.parse(written('json')) as BenchResults;
  report = written('txt');
}, 70_000);

describe('the benchmark, run with tiny counts', () => {
  test('the skill asks Cognito once per 5-turn session; both peers on every one of the 5 turns', () => {
    expect(results.getUserPerSession).toEqual({ skill: 1, 'seed peer': 5, 'v3 peer': 5 });
  });

  test('the peers say, turn by turn, exactly what the skill says', () => {
    expect(results.said['seed peer']).toEqual(results.said.skill);
    expect(results.said['v3 peer']).toEqual(results.said.skill);
    expect(results.said.skill[0]).toMatch(/^Welcome back, Alice Smith! /);
  });

  test('times warm turns of the skill and both peers', () => {
    for (const name of NAMES) expect(results.warmTurns[name].n).toBeGreaterThan(0);
  });

  test("cold-starts the three Lambda folders under Lambda's flags, each answering unlinked and linked launches alike", () => {
    expect(results.lambdas.map((lambda) => lambda.name)).toEqual(NAMES);
    for (const name of NAMES) {
      expect(results.coldStart['unlinked launch'][name].speech).toMatch(
        /^Welcome to Profile Keeper\. .*link your account/,
      );
      expect(results.coldStart['linked launch'][name].speech).toMatch(/^Welcome back, Alice Smith!/);
      expect(results.coldStart['linked launch'][name].rssMb).toBeGreaterThan(0);
    }
    expect(results.coldStart['linked launch'].skill.vs['seed peer'].time).toBeGreaterThan(0);
  });

  test('says in its report which Node it measured on, and every ratio against both peers', () => {
    expect(results.machine.nodeNote).toMatch(/^NOT Lambda's Node 22: measured on the running Node$/);
    expect(report).toContain(`Cold starts on Node ${process.version} (NOT Lambda's Node 22`);
    expect(report).toMatch(/cold start unlinked \d+\.\d\dx \/ \d+\.\d\dx, linked \d+\.\d\dx \/ \d+\.\d\dx;/);
    expect(report).toContain('ms/seed  RSS/seed  ms/v3  RSS/v3');
    expect(report).toContain("Lambda's flags for 256 MB: --expose-gc");
  });

  test("prints its progress and nothing of the AWS SDKs' notices (v3's Node version, v2's end of support)", () => {
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^bench \d+\.\d s: /);
  });
});
