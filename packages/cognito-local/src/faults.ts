/**
 * Fault injection for GetUser, the call the skill makes on every linked turn: tests and benchmarks use
 * it to prove the skill degrades gracefully when Cognito is slow, failing, throttling or gone. Also
 * counts GetUser calls (the benchmark's figure of Cognito traffic).
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Faults {
  /** Added before GetUser answers: a fixed delay, or a uniformly random one in [min, max]. */
  getUserLatencyMs?: number | [number, number];
  /** Share (0..1) of GetUser calls answered with HTTP 500 InternalErrorException. */
  errorRate?: number;
  /** Share (0..1) answered with HTTP 400 TooManyRequestsException, as Cognito throttles. */
  throttleRate?: number;
  /** Share (0..1) whose connection is destroyed without any response. */
  dropRate?: number;
}

/** GetUser requests received (injected faults included), and how many calls each injected fault hit. */
export type IdentityStats = {
  getUserCalls: number;
  injected: Record<'latency' | 'error' | 'throttle' | 'drop', number>;
};

export class InvalidFaultsError extends Error {
  readonly name = 'InvalidFaultsError';
}

const RATES = ['dropRate', 'errorRate', 'throttleRate'] as const;
const OUTCOMES = { dropRate: 'drop', errorRate: 'error', throttleRate: 'throttle' } as const;

/** Checks an untrusted faults object (admin endpoint, environment, flags) and returns a clean copy. */
export function parseFaults(input: unknown): Faults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidFaultsError('faults must be a JSON object');
  }
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).find((key) => !['getUserLatencyMs', ...RATES].includes(key));
  if (unknown) throw new InvalidFaultsError(`unknown fault setting: ${unknown}`);
  const faults: Faults = {};
  const latency = raw.getUserLatencyMs;
  if (latency !== undefined) {
    const [min, max] = Array.isArray(latency) && latency.length === 2 ? latency : [latency, latency];
    const valid = [min, max].every((ms) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) && min <= max;
    if (!valid) throw new InvalidFaultsError('getUserLatencyMs must be a number >= 0 or [min, max] with min <= max');
    faults.getUserLatencyMs = Array.isArray(latency) ? [min, max] : min;
  }
  for (const key of RATES) {
    const rate = raw[key];
    if (rate === undefined) continue;
    if (!(typeof rate === 'number' && rate >= 0 && rate <= 1)) throw new InvalidFaultsError(`${key} must be 0 to 1`);
    faults[key] = rate;
  }
  if (RATES.reduce((sum, key) => sum + (faults[key] ?? 0), 0) > 1) {
    throw new InvalidFaultsError('errorRate + throttleRate + dropRate must not exceed 1');
  }
  return faults;
}

const noStats = (): IdentityStats => ({ getUserCalls: 0, injected: { latency: 0, error: 0, throttle: 0, drop: 0 } });

/** Runtime state shared by the API and /_local/faults. */
export class FaultInjector {
  private faults: Faults;
  private counters = noStats();
  /** On close, pending delays end at once, so a test with 5 s of latency does not hold the process. */
  private readonly closing = new AbortController();

  constructor(initial: Faults = {}) {
    this.faults = parseFaults(initial);
  }

  current = (): Faults => ({ ...this.faults });

  set(faults: unknown): Faults {
    this.faults = parseFaults(faults);
    return this.current();
  }

  clear = () => this.set({});
  stats = (): IdentityStats => ({ ...this.counters, injected: { ...this.counters.injected } });
  resetStats(): IdentityStats {
    this.counters = noStats();
    return this.stats();
  }

  /** Counts the call, waits the injected latency, then draws the outcome: one draw, so shares add up exactly. */
  async beforeGetUser(random: () => number = Math.random): Promise<'none' | 'error' | 'throttle' | 'drop'> {
    this.counters.getUserCalls += 1;
    const latency = this.faults.getUserLatencyMs;
    if (latency !== undefined) {
      const [min, max] = typeof latency === 'number' ? [latency, latency] : latency;
      this.counters.injected.latency += 1;
      await delay(min + random() * (max - min), undefined, { signal: this.closing.signal }).catch(() => undefined);
    }
    let draw = random();
    for (const key of RATES) {
      draw -= this.faults[key] ?? 0;
      if (draw < 0) {
        this.counters.injected[OUTCOMES[key]] += 1;
        return OUTCOMES[key];
      }
    }
    return 'none';
  }

  releaseAll = () => this.closing.abort();
}
