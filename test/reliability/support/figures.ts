import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactText } from '../../../src/logger';

/** One row of a figures table: what a run of turns of one kind looked like from the outside. */
export interface Figures {
  kind: string;
  turns: number;
  /** Turns that got an HTTP answer below 500 within 3 s. */
  answeredInTime: number;
  serverErrors: number;
  slowestMs: number;
  getUserCalls?: number;
  /** What the user heard (speech, or the HTTP status when there was none), with counts. */
  heard: Map<string, number>;
}

export function newFigures(kind: string): Figures {
  return { kind, turns: 0, answeredInTime: 0, serverErrors: 0, slowestMs: 0, heard: new Map() };
}

export function record(figures: Figures, outcome: { status: number; ms: number; heard: string }): void {
  figures.turns += 1;
  if (outcome.status > 0 && outcome.status < 500 && outcome.ms <= 3000) figures.answeredInTime += 1;
  if (outcome.status >= 500 || outcome.status === 0) figures.serverErrors += 1;
  figures.slowestMs = Math.max(figures.slowestMs, outcome.ms);
  // The table is printed: what the user heard about their email is shown redacted.
  const heard = redactText(outcome.heard);
  figures.heard.set(heard, (figures.heard.get(heard) ?? 0) + 1);
}

function heardSummary(heard: Map<string, number>): string {
  return [...heard.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([text, count]) => `${count}× "${text.length > 70 ? text.slice(0, 67) + '...' : text}"`)
    .join('; ');
}

export function figuresTable(title: string, rows: Figures[], crashes: number | string): string {
  const lines = [
    `### ${title}`,
    '',
    '| kind | turns | answered within 3 s | 5xx / no answer | slowest | GetUser calls | what the user heard |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (row) =>
        `| ${row.kind} | ${row.turns} | ${((100 * row.answeredInTime) / Math.max(1, row.turns)).toFixed(1)} % | ` +
        `${row.serverErrors} | ${Math.round(row.slowestMs)} ms | ${row.getUserCalls ?? '-'} | ${heardSummary(row.heard)} |`,
    ),
    '',
    `Crashes (unhandled rejections + uncaught exceptions) during the run: ${crashes}`,
    '',
  ];
  return lines.join('\n');
}

/** What a fuzz run saw, for the figures. */
export interface FuzzFigures {
  cases: number;
  outcomes: Map<string, number>;
}

export function newFuzzFigures(): FuzzFigures {
  return { cases: 0, outcomes: new Map() };
}

export function count(figures: FuzzFigures, outcome: string): void {
  figures.cases += 1;
  figures.outcomes.set(outcome, (figures.outcomes.get(outcome) ?? 0) + 1);
}

export function fuzzTable(title: string, rows: [string, FuzzFigures][]): string {
  return [
    `### ${title}`,
    '',
    '| through | cases | outcomes |',
    '| --- | ---: | --- |',
    ...rows.map(
      ([name, f]) =>
        `| ${name} | ${f.cases} | ${[...f.outcomes.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([o, n]) => `${o}: ${n}`)
          .join('; ')} |`,
    ),
    '',
  ].join('\n');
}

/** Where the figures tables are kept: outside the work tree (tests write only to temp folders). */
export const FIGURES_DIR = process.env.RELIABILITY_FIGURES_DIR || join(tmpdir(), 'profile-keeper-reliability');

/** Prints the table (past jest's console buffering) and keeps a copy in FIGURES_DIR. */
export function publish(fileName: string, table: string): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, fileName), table);
  process.stdout.write('\n' + table + '\n');
}
