/**
 * fast-check settings shared by the property tests and the request fuzz. By default a fixed seed,
 * so CI runs the same cases every time; PROPERTY_SEED=<number> replays another run and
 * PROPERTY_SEED=random draws a new one (the full run, `npm run test:faults`, does). When a property
 * fails, fast-check's message begins with the seed and the path of the failing case, e.g.
 * `{ seed: 20261125, path: "41:2" }`: replay it with PROPERTY_SEED=20261125.
 */
export const FIXED_SEED = 20261125;

export function seedFrom(env: Record<string, string | undefined> = process.env, fallback = FIXED_SEED): number {
  const raw = env.PROPERTY_SEED;
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'random') return Math.floor(Math.random() * 0x7fffffff);
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`PROPERTY_SEED must be an integer or "random", got "${raw}"`);
  return seed;
}

export function propertySettings(numRuns: number): { seed: number; numRuns: number } {
  return { seed: seedFrom(), numRuns };
}
