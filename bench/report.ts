import { pairedThroughputRatio } from './httpLoad';
import { BenchResults } from './benchmark';
import { ColdStartFigure } from './coldStart';
import { median, ratio } from './stats';
import { ORDER, VariantName } from './variants';

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

/** The bundle's JavaScript (skill.js and cognito-sdk.js), read strictly: 1,000,000 bytes. */
export const BUNDLE_LIMIT_BYTES = 1_000_000;

const ms = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-';
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

function httpOf(results: BenchResults, variant: VariantName, connections: number) {
  return results.http.find((h) => h.variant === variant && h.connections === connections);
}

function coldOf(figures: ColdStartFigure[], variant: string, scenario: string) {
  return figures.find((c) => c.variant === variant && c.scenario === scenario);
}

function scenarios(figures: ColdStartFigure[]): string[] {
  return [...new Set(figures.map((c) => c.scenario))];
}

/**
 * C/P of a cold start: the median of the runs' own ratios (run i of C against run i of P, measured
 * back to back), steadier on a shared machine than a ratio of two medians.
 */
export function pairedRatio(c: ColdStartFigure | undefined, p: ColdStartFigure | undefined): number {
  if (!c || !p || c.wallMs.length === 0 || c.wallMs.length !== p.wallMs.length) return NaN;
  return ratio(median(c.wallMs.map((ms, i) => ms / p.wallMs[i])), 1);
}

/** C against P, the numbers the summary states. */
export function productVsPeer(results: BenchResults) {
  const warm = results.warmTurns;
  return {
    cold: scenarios(results.coldStart).map((scenario) => {
      const c = coldOf(results.coldStart, 'C', scenario);
      const p = coldOf(results.coldStart, 'P', scenario);
      return {
        scenario,
        time: pairedRatio(c, p),
        rss: ratio(c?.medianMaxRssMb, p?.medianMaxRssMb),
      };
    }),
    warmP50: ratio(warm.C?.p50, warm.P?.p50),
    warmP99: ratio(warm.C?.p99, warm.P?.p99),
    getUser: { C: results.getUserCalls.C.firstSession, P: results.getUserCalls.P.firstSession },
  };
}

export function targetChecks(results: BenchResults): TargetCheck[] {
  const calls = results.getUserCalls;
  const warm = results.warmTurns;
  const vsPeer = productVsPeer(results);
  const checks: TargetCheck[] = [
    {
      target: 'GetUser per 5-turn session: C <= 1',
      value: String(calls.C.firstSession),
      met: calls.C.firstSession <= 1,
    },
    {
      target: 'repeat session, same token: C = 0',
      value: String(calls.C.repeatSession),
      met: calls.C.repeatSession === 0,
    },
    {
      target: 'GetUser per 5-turn session: B = P = 5',
      value: `${calls.B.firstSession}, ${calls.P.firstSession}`,
      met: calls.B.firstSession === 5 && calls.P.firstSession === 5,
    },
  ];
  const latency = `${results.options.latencyMs} ms GetUser`;
  checks.push({ target: `warm p50 C/P <= 1.0 (${latency})`, value: x(vsPeer.warmP50), met: vsPeer.warmP50 <= 1 });
  const ca = ratio(warm.C?.p50, warm.A?.p50);
  checks.push({ target: 'warm p50 C/A <= 1.2', value: x(ca), met: ca <= 1.2 });
  for (const connections of results.options.connections) {
    const r = pairedThroughputRatio(httpOf(results, 'C', connections), httpOf(results, 'A', connections));
    checks.push({ target: `HTTP req/s at ${connections} conn.: C/A >= 0.9`, value: x(r), met: r >= 0.9 });
  }
  for (const { scenario, time, rss } of vsPeer.cold) {
    checks.push({ target: `cold start, ${scenario}: C/P <= 1.0`, value: x(time), met: time <= 1 });
    checks.push({ target: `peak RSS, ${scenario}: C/P <= 1.1`, value: x(rss), met: rss <= 1.1 });
  }
  const bytes = results.coldStart.find((c) => c.variant === 'C')?.jsBytes ?? NaN;
  checks.push({ target: 'C JavaScript <= 1,000,000 B', value: `${bytes} B`, met: bytes <= BUNDLE_LIMIT_BYTES });
  return checks;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function inProcessTable(results: BenchResults): string {
  const calls = results.getUserCalls;
  const warm = results.warmTurns;
  const row = (label: string, value: (v: VariantName) => number | undefined, digits?: 'count') => [
    label,
    ...ORDER.map((v) => (digits === 'count' ? String(value(v) ?? '-') : ms(value(v)))),
    digits === 'count' ? '' : x(ratio(value('C'), value('P'))),
  ];
  return table(
    ['In process', ...ORDER, 'C/P'],
    [
      row('GetUser calls, 5-turn session', (v) => calls[v].firstSession, 'count'),
      row('GetUser calls, repeat session', (v) => calls[v].repeatSession, 'count'),
      row('warm turns timed', (v) => warm[v]?.n, 'count'),
      row('warm turn p50 ms', (v) => warm[v]?.p50),
      row('warm turn p95 ms', (v) => warm[v]?.p95),
      row('warm turn p99 ms', (v) => warm[v]?.p99),
    ],
  );
}

function httpTable(results: BenchResults): string {
  const rows = results.options.connections.flatMap((connections) => {
    const of = (v: VariantName) => httpOf(results, v, connections);
    // Throughput ratios pair the interleaved rounds (pairedThroughputRatio); latencies compare medians.
    const row = (label: string, value: (v: VariantName) => number | undefined) => [
      `${label} @ ${connections}`,
      ...ORDER.map((v) => (label === 'req/s' ? (value(v)?.toFixed(0) ?? '-') : ms(value(v)))),
      x(label === 'req/s' ? pairedThroughputRatio(of('C'), of('A')) : ratio(value('C'), value('A'))),
      x(label === 'req/s' ? pairedThroughputRatio(of('C'), of('P')) : ratio(value('C'), value('P'))),
    ];
    return [
      row('req/s', (v) => of(v)?.requestsPerSec),
      row('p50 ms', (v) => of(v)?.latencyP50Ms),
      row('p99 ms', (v) => of(v)?.latencyP99Ms),
    ];
  });
  const failures = results.http.reduce((sum, h) => sum + h.failures, 0);
  return `${table(['HTTP (loopback), conn.', ...ORDER, 'C/A', 'C/P'], rows)}\nfailed requests: ${failures}`;
}

/** Cold starts, one row per scenario, the product (or a build step) beside the peer. */
export function coldTable(figures: ColdStartFigure[], variants: string[]): string {
  const rows = variants.flatMap((variant) =>
    scenarios(figures).map((scenario) => {
      const c = coldOf(figures, variant, scenario);
      const p = coldOf(figures, 'P', scenario);
      return [
        variants.length > 1 ? `${variant}: ${scenario}` : scenario,
        ms(c?.medianWallMs),
        ms(p?.medianWallMs),
        x(pairedRatio(c, p)),
        ms(c?.medianFirstTurnMs),
        ms(p?.medianFirstTurnMs),
        c?.medianMaxRssMb.toFixed(1) ?? '-',
        p?.medianMaxRssMb.toFixed(1) ?? '-',
        x(ratio(c?.medianMaxRssMb, p?.medianMaxRssMb)),
        c?.codeCache ?? '-',
      ];
    }),
  );
  return table(
    [
      'Cold start (new process)',
      'C ms',
      'P ms',
      'C/P',
      'C 1st turn',
      'P 1st turn',
      'C RSS MB',
      'P RSS MB',
      'RSS C/P',
      'C code cache',
    ],
    rows,
  );
}

function bundleLine(results: BenchResults): string {
  const c = results.coldStart.find((f) => f.variant === 'C');
  const p = results.coldStart.find((f) => f.variant === 'P');
  return (
    `Bundles: C ${c?.jsBytes} B of JavaScript (${c?.howBuilt}) + ${c?.cacheBytes} B of code cache; ` +
    `P ${p?.jsBytes} B (${p?.howBuilt}). Cold starts run with Lambda's node flags (${c?.nodeFlags.join(' ')}); ` +
    `median of ${c?.runs} runs per row, rows interleaved; C/P is the median of the runs' own ratios (each C run against the P run beside it).`
  );
}

export function summaryLine(results: BenchResults): string {
  const v = productVsPeer(results);
  const cold = v.cold.map((c) => `${c.scenario} ${x(c.time)}`).join(', ');
  const rss = v.cold.map((c) => `${c.scenario} ${x(c.rss)}`).join(', ');
  return (
    `C/P: cold start ${cold}; peak RSS ${rss}; warm p50 ${x(v.warmP50)}, p99 ${x(v.warmP99)} ` +
    `(${results.options.latencyMs} ms GetUser); GetUser calls per 5-turn session ${v.getUser.C} vs ${v.getUser.P}.`
  );
}

/** The opt-in profile claims: what a new token's session costs with COGNITO_PROFILE_CLAIMS off and on. */
function profileClaimsTable(results: BenchResults): string {
  const rows = results.profileClaims.map((figure) => [
    figure.option,
    String(figure.getUserPerSession),
    ms(figure.firstTurn.p50),
    ms(figure.firstTurn.p95),
    String(figure.firstTurn.n),
  ]);
  const [off, on] = ['off', 'on'].map((option) => results.profileClaims.find((f) => f.option === option));
  return (
    `${table(['Profile claims (C, new token)', 'GetUser/session', 'first turn p50 ms', 'p95 ms', 'turns'], rows)}\n` +
    `first turn p50 on/off: ${x(ratio(on?.firstTurn.p50, off?.firstTurn.p50))} (pool with the claims in its access tokens, ${results.options.latencyMs} ms GetUser)`
  );
}

export function formatReport(results: BenchResults): string {
  const m = results.machine;
  const o = results.options;
  const out: string[] = [];
  out.push(
    `Machine: ${m.cpuCount} x ${m.cpuModel}${m.cpuMHz ? ` @ ${m.cpuMHz} MHz` : ''}, ${m.totalMemGb} GB RAM, ${m.os}, Node ${m.node}; ` +
      `load average ${m.loadavgAtStart.join(' ')} at start, ${(m.loadavgAtEnd ?? []).join(' ')} at end`,
  );
  out.push(
    `GetUser latency injected: ${o.latencyMs} ms (cold starts: as each row says). Run took ${results.durationSec} s.`,
  );
  out.push(`Variants: ${ORDER.map((v) => `${v} = ${results.variants[v]}`).join('; ')}`);
  out.push('', summaryLine(results), '', inProcessTable(results), '', httpTable(results), '');
  out.push(coldTable(results.coldStart, ['C']), bundleLine(results), '');
  if (results.profileClaims) out.push(profileClaimsTable(results), '');
  if (results.steps) {
    const steps = [...new Set(results.steps.map((f) => f.variant))].filter((v) => v !== 'P');
    out.push('Build steps (each row: the artefact after that step, against P in the same run)');
    for (const step of steps) out.push(`  ${step}: ${results.steps.find((f) => f.variant === step)?.howBuilt}`);
    out.push(coldTable(results.steps, steps), '');
  }
  out.push(
    table(
      ['Target', 'value', 'met'],
      targetChecks(results).map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']),
    ),
  );
  return out.join('\n');
}
