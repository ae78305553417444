import { prepare } from '../../../deploy/main';
import type { DeployContext } from '../../../deploy/deploy';
import { Smapi } from '../../../deploy/smapi';
import { currentSettings } from '../../../deploy/state';
import type { DeployBench } from './deployBench';

/**
 * The deploy in this process (deploy/deploy.ts with the context `npm run deploy` builds), against
 * the bench: fast enough to fail it at every step and run it again. The Lambda folder and the skill
 * package are built by the real scripts, once per distinct input, and reused: every run of a test
 * file would build the same bytes.
 */
export function useBenchEnvironment(bench: DeployBench): () => void {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(bench.env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

export interface InProcessRun {
  context: DeployContext;
  lines: string[];
}

export async function inProcessContext(bench: DeployBench, options: { fixAppClient?: boolean } = {}) {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const context = await prepare(bench.project, 'prod', { env: { ...process.env }, log, ...options });
  const built = builds.get(bench) ?? new Map<string, Promise<unknown>>();
  builds.set(bench, built);
  const once = <T>(key: string, make: () => Promise<T>) => {
    if (!built.has(key)) built.set(key, make());
    return built.get(key) as Promise<T>;
  };
  return {
    lines,
    context: {
      ...context,
      smapi: new Smapi({ refreshToken: bench.env.ASK_REFRESH_TOKEN }, 5), // polls every 5 ms, not 2 s
      lambdaFolder: (poolId?: string) => once(`lambda ${poolId}`, () => context.lambdaFolder(poolId)),
      skillPackage: () =>
        once(`package ${currentSettings(bench.project, 'prod').settings.endpoint}`, () => context.skillPackage()),
    },
  };
}

const builds = new WeakMap<DeployBench, Map<string, Promise<unknown>>>();
