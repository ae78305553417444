import { BenchResults } from './benchmark';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-');
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The run as tables: the skill against both peers, every ratio measured in this run. */
export function formatReport(results: BenchResults): string {
  const { machine: m, options: o } = results;
  const names = results.lambdas.map((lambda) => lambda.name);
  const cold = Object.entries(results.coldStart).flatMap(([scenario, figures]) =>
    names.map((name) => {
      const f = figures[name];
      const vs = (peer: 'seed peer' | 'v3 peer') =>
        name === 'skill' ? [x(f.vs[peer].time), x(f.vs[peer].rss)] : ['', ''];
      const row = [`${scenario}: ${name}`, ms(f.wallMs), ms(f.requireMs), ms(f.firstTurnMs), f.rssMb.toFixed(1)];
      return [...row, ...vs('seed peer'), ...vs('v3 peer')];
    }),
  );
  const warm = names.map((name) => {
    const w = results.warmTurns[name];
    return [name, String(results.getUserPerSession[name]), String(w.n), ms(w.p50), ms(w.p95), ms(w.p99)];
  });
  const claims = results.profileClaims.map((c) => [
    c.option,
    String(c.getUserPerSession),
    ms(c.firstTurn.p50),
    ms(c.firstTurn.p95),
    String(c.firstTurn.n),
  ]);
  const skill = results.coldStart['unlinked launch']?.skill;
  return [
    `Machine: ${m.cores} x ${m.cpu}, load ${m.loadavg.join(' ')} at the end; run took ${results.durationSec} s.`,
    `Cold starts on Node ${m.node} (${m.nodeNote}) with Lambda's flags for 256 MB: ${m.nodeFlags.join(' ')}.`,
    ...results.lambdas.map((l) => `  ${l.name}: ${l.jsBytes} B of JavaScript; ${l.howBuilt}`),
    '',
    `Skill vs peers: cold start unlinked ${x(skill?.vs['seed peer'].time ?? NaN)} / ${x(skill?.vs['v3 peer'].time ?? NaN)}, ` +
      `linked ${x(results.coldStart['linked launch']?.skill.vs['seed peer'].time ?? NaN)} / ${x(results.coldStart['linked launch']?.skill.vs['v3 peer'].time ?? NaN)} ` +
      `(seed peer / v3 peer); GetUser per 5-turn session ${results.getUserPerSession.skill} vs ${results.getUserPerSession['seed peer']}.`,
    '',
    table(
      [
        'Cold start (median of ' + o.coldRuns + ')',
        'ms',
        'require',
        '1st turn',
        'RSS MB',
        'ms/seed',
        'RSS/seed',
        'ms/v3',
        'RSS/v3',
      ],
      cold,
    ),
    '',
    table(
      [`Warm, in process (GetUser ${o.latencyMs} ms)`, 'GetUser/session', 'turns', 'p50 ms', 'p95 ms', 'p99 ms'],
      warm,
    ),
    '',
    table(['Profile claims (skill, new token)', 'GetUser/session', 'first turn p50 ms', 'p95 ms', 'turns'], claims),
  ].join('\n');
}
