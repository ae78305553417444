/**
 * Fault injection for GetUser, the call the skill makes on every linked turn: tests and benchmarks
 * use it to prove the skill degrades gracefully when Cognito is slow, failing, throttling or gone.
 */
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

export type FaultOutcome = 'none' | 'error' | 'throttle' | 'drop';

export class InvalidFaultsError extends Error {
  readonly name = 'InvalidFaultsError';
}

const RATE_KEYS = ['errorRate', 'throttleRate', 'dropRate'] as const;
const KNOWN_KEYS = new Set<string>(['getUserLatencyMs', ...RATE_KEYS]);

/** Checks an untrusted faults object (admin endpoint, env, flags) and returns a clean copy. */
export function parseFaults(input: unknown): Faults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidFaultsError('faults must be a JSON object');
  }
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) throw new InvalidFaultsError(`unknown fault setting: ${unknown.join(', ')}`);

  const faults: Faults = {};
  const latency = raw.getUserLatencyMs;
  if (latency !== undefined) {
    const range = Array.isArray(latency) ? latency : [latency, latency];
    const valid =
      range.length === 2 &&
      range.every((ms) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) &&
      (range[0] as number) <= (range[1] as number);
    if (!valid) throw new InvalidFaultsError('getUserLatencyMs must be a number >= 0 or [min, max] with min <= max');
    faults.getUserLatencyMs = Array.isArray(latency) ? [range[0] as number, range[1] as number] : (latency as number);
  }
  for (const key of RATE_KEYS) {
    const rate = raw[key];
    if (rate === undefined) continue;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new InvalidFaultsError(`${key} must be a number from 0 to 1`);
    }
    faults[key] = rate;
  }
  const total = (faults.errorRate ?? 0) + (faults.throttleRate ?? 0) + (faults.dropRate ?? 0);
  if (total > 1) throw new InvalidFaultsError('errorRate + throttleRate + dropRate must not exceed 1');
  return faults;
}

export function latencyFor(faults: Faults, random: () => number = Math.random): number {
  const latency = faults.getUserLatencyMs;
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  return latency[0] + random() * (latency[1] - latency[0]);
}

/** One draw decides the outcome, so the shares add up exactly as configured. */
export function outcomeFor(faults: Faults, random: () => number = Math.random): FaultOutcome {
  const draw = random();
  let threshold = faults.dropRate ?? 0;
  if (draw < threshold) return 'drop';
  threshold += faults.errorRate ?? 0;
  if (draw < threshold) return 'error';
  threshold += faults.throttleRate ?? 0;
  if (draw < threshold) return 'throttle';
  return 'none';
}
