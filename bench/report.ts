import { BenchResults } from './benchmark';
import { ratio } from './stats';
import { VariantName } from './variants';

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

/** Bundle size limit from the issue: 1.5 MB, read strictly as 1,500,000 bytes. */
export const BUNDLE_LIMIT_BYTES = 1_500_000;

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '-');
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

function httpOf(results: BenchResults, variant: VariantName, connections: number) {
  return results.http.find((h) => h.variant === variant && h.connections === connections);
}

function coldOf(results: BenchResults, name: string) {
  return results.coldStart.find((c) => c.name === name);
}

export function targetChecks(results: BenchResults): TargetCheck[] {
  const calls = results.getUserCalls;
  const warm = results.warmTurns;
  const checks: TargetCheck[] = [
    {
      target: 'GetUser calls per 5-turn session: C <= 1',
      value: String(calls.C.firstSession),
      met: calls.C.firstSession <= 1,
    },
    {
      target: 'GetUser calls per 5-turn session: B = 5',
      value: String(calls.B.firstSession),
      met: calls.B.firstSession === 5,
    },
    {
      target: 'repeat session, same token, same process: C = 0',
      value: String(calls.C.repeatSession),
      met: calls.C.repeatSession === 0,
    },
  ];
  const ca = ratio(warm.C?.p50, warm.A?.p50);
  checks.push({ target: 'warm linked turn p50: C/A <= 1.2', value: x(ca), met: ca <= 1.2 });
  const bc = ratio(warm.B?.p50, warm.C?.p50);
  checks.push({
    target: `warm linked turn p50: B/C >= 20 (${results.options.latencyMs} ms injected)`,
    value: x(bc),
    met: bc >= 20,
  });
  for (const connections of results.options.connections) {
    const r = ratio(
      httpOf(results, 'C', connections)?.requestsPerSec,
      httpOf(results, 'A', connections)?.requestsPerSec,
    );
    checks.push({ target: `HTTP throughput at ${connections} conn.: C/A >= 0.9`, value: x(r), met: r >= 0.9 });
  }
  const cold = ratio(
    coldOf(results, 'C, unlinked launch')?.medianWallMs,
    coldOf(results, 'template, plain esbuild')?.medianWallMs,
  );
  checks.push({ target: 'cold start: C / plain template bundle <= 0.7', value: x(cold), met: cold <= 0.7 });
  const bytes = coldOf(results, 'C, unlinked launch')?.bundleBytes ?? NaN;
  checks.push({ target: 'C bundle <= 1.5 MB (1,500,000 B)', value: `${bytes} B`, met: bytes <= BUNDLE_LIMIT_BYTES });
  return checks;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
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
    `GetUser latency injected: ${o.latencyMs} ms. Run took ${results.durationSec} s. Ratios are what to compare.`,
  );
  out.push('');
  out.push(
    'Variants: ' +
      (Object.keys(results.variants) as VariantName[]).map((v) => `${v} = ${results.variants[v]}`).join('; '),
  );
  out.push('');
  const calls = results.getUserCalls;
  const warm = results.warmTurns;
  out.push(
    table(
      ['In process', 'GetUser/session', 'repeat session', 'turns', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs A', 'p50 B/C'],
      (['A', 'B', 'C'] as VariantName[]).map((v) => [
        v,
        String(calls[v].firstSession),
        String(calls[v].repeatSession),
        String(warm[v]?.n ?? 0),
        ms(warm[v]?.p50),
        ms(warm[v]?.p95),
        ms(warm[v]?.p99),
        x(ratio(warm[v]?.p50, warm.A?.p50)),
        v === 'B' ? x(ratio(warm.B?.p50, warm.C?.p50)) : '',
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['HTTP (loopback)', 'conn.', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failures', 'req/s vs A'],
      results.http.map((h) => [
        h.variant,
        String(h.connections),
        h.requestsPerSec.toFixed(0),
        ms(h.latencyP50Ms),
        ms(h.latencyP99Ms),
        String(h.requests),
        String(h.failures),
        x(ratio(h.requestsPerSec, httpOf(results, 'A', h.connections)?.requestsPerSec)),
      ]),
    ),
  );
  out.push('');
  const plain = coldOf(results, 'template, plain esbuild');
  out.push(
    table(
      [
        'Cold start (new process)',
        'bundle KB',
        'runs',
        'to answer ms',
        'require ms',
        '1st turn ms',
        'max RSS MB',
        'vs plain',
      ],
      results.coldStart.map((c) => [
        c.name,
        (c.bundleBytes / 1024).toFixed(0),
        String(c.runs),
        ms(c.medianWallMs),
        ms(c.medianRequireMs),
        ms(c.medianFirstTurnMs),
        c.medianMaxRssMb.toFixed(1),
        x(ratio(c.medianWallMs, plain?.medianWallMs)),
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['Target', 'value', 'met'],
      targetChecks(results).map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']),
    ),
  );
  return out.join('\n');
}
