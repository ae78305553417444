import { BenchResults } from './benchmark';
import { lambdaNodeFlags } from './lambdas';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-');
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');
const COLD_COLUMNS = ['ms', 'require', '1st turn', 'RSS MB', 'ms/seed', 'RSS/seed', 'ms/v3', 'RSS/v3'];
const WARM_COLUMNS = ['GetUser/session', 'turns', 'p50 ms', 'p95 ms', 'p99 ms'];

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The run as tables: the skill against both peers, every ratio measured in this run. */
export function formatReport(results: BenchResults): string {
  const { machine: m, options: o, coldStart } = results;
  const names = results.lambdas.map((lambda) => lambda.name);
  const cold = Object.entries(coldStart).flatMap(([scenario, figures]) =>
    names.map((name) => {
      const f = figures[name];
      const row = [`${scenario}: ${name}`, ms(f.wallMs), ms(f.requireMs), ms(f.firstTurnMs), f.rssMb.toFixed(1)];
      const vs = name === 'skill' ? Object.values(f.vs).flatMap((r) => [x(r.time), x(r.rss)]) : ['', '', '', ''];
      return [...row, ...vs];
    }),
  );
  const warm = names.map((name) => {
    const w = results.warmTurns[name];
    return [name, String(results.getUserPerSession[name]), String(w.n), ms(w.p50), ms(w.p95), ms(w.p99)];
  });
  const vs = (scenario: string) => Object.values(coldStart[scenario].skill.vs).map((r) => x(r.time));
  return [
    `Machine: ${m.cores} x ${m.cpu}, load ${m.loadavg.map((l) => l.toFixed(2)).join(' ')} at the end; run took ${results.durationSec} s.`,
    `Cold starts on Node ${m.node} (${m.nodeNote}) with Lambda's flags for 256 MB: ${lambdaNodeFlags().join(' ')}.`,
    ...results.lambdas.map((l) => `  ${l.name}: ${l.jsBytes} B of JavaScript; ${l.howBuilt}`),
    '',
    `Skill vs peers (seed peer / v3 peer): cold start unlinked ${vs('unlinked launch').join(' / ')}, ` +
      `linked ${vs('linked launch').join(' / ')}; GetUser per 5-turn session ${results.getUserPerSession.skill} vs ` +
      `${results.getUserPerSession['seed peer']}.`,
    '',
    table([`Cold start (median of ${o.coldRuns})`, ...COLD_COLUMNS], cold),
    '',
    table([`Warm, in process (GetUser ${o.latencyMs} ms)`, ...WARM_COLUMNS], warm),
  ].join('\n');
}
