import { App } from '@jovotech/framework';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/logger';
import { AlexaResponse } from '../test/support/conversation';
import { DEV_SKILL_ID, launchRequest } from '../test/support/alexaEnvelopes';
import { signIn, ALICE, BOB, startTestIdentity } from '../test/support/identity';
import { buildTemplateBundles, skillBundle } from './bundles';
import { benchSkillConfig } from './config';
import { ColdStartFigure, measureColdStarts } from './coldStart';
import { HttpFigure, mergeRuns, runLoad, startSkillProcess } from './httpLoad';
import { handleInMemory } from './inMemoryServer';
import { countGetUserCalls, measureWarmTurns, SessionCalls } from './inProcess';
import { profileWhile } from './profile';
import { recordSession } from './sessions';
import { LatencySummary } from './stats';
import { createVariantApp, VariantApp, VariantName, VARIANTS } from './variants';

export interface BenchOptions {
  /** GetUser latency injected at the identity service, ms. */
  latencyMs: number;
  /** Timed warm turns for A and C; B (slow by design) gets bTurns. */
  warmTurns: number;
  bTurns: number;
  warmUpTurns: number;
  rounds: number;
  /** Concurrencies for A and C; B runs at bConnections only. */
  connections: number[];
  bConnections: number[];
  httpDurationSec: number;
  /** Smoke runs: a fixed number of requests per HTTP run instead of a duration. */
  httpAmount?: number;
  coldRuns: number;
  /** Write CPU profiles of the warm loop and of one cold start per bundle here. */
  profileDir?: string;
  outDir: string;
  rebuildBundle: boolean;
}

export interface Machine {
  os: string;
  cpuModel: string;
  cpuCount: number;
  cpuMHz: number;
  totalMemGb: number;
  node: string;
  loadavgAtStart: number[];
  loadavgAtEnd?: number[];
}

export interface BenchResults {
  startedAt: string;
  durationSec: number;
  machine: Machine;
  options: BenchOptions;
  variants: Record<VariantName, string>;
  getUserCalls: Record<VariantName, SessionCalls>;
  warmTurns: Record<string, LatencySummary>;
  http: HttpFigure[];
  coldStart: ColdStartFigure[];
}

function machine(): Machine {
  const cpu = cpus();
  return {
    os: `${platform()} ${release()}`,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cpuCount: cpu.length,
    cpuMHz: cpu[0]?.speed ?? 0,
    totalMemGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const ORDER: VariantName[] = ['A', 'B', 'C'];
const HTTP_ROUNDS = 3;

export async function runBenchmark(options: BenchOptions, progress: (line: string) => void): Promise<BenchResults> {
  const started = Date.now();
  const results = { startedAt: new Date(started).toISOString(), machine: machine(), options } as BenchResults;
  results.variants = VARIANTS;
  mkdirSync(options.outDir, { recursive: true });
  const identity = await startTestIdentity({ logLevel: 'error' });
  const apps = new Map<VariantName, VariantApp>();
  try {
    identity.setFaults({ getUserLatencyMs: options.latencyMs });
    const endpoint = { url: identity.url, jwksUri: identity.jwksUri };
    const config = benchSkillConfig(endpoint);
    const logger = createLogger({ level: 'silent' });
    for (const name of ORDER) {
      const variant = createVariantApp(name, config, logger);
      await variant.app.initialize();
      apps.set(name, variant);
    }
    const appOf = (name: VariantName): App => (apps.get(name) as VariantApp).app;
    const getUser = { reset: () => identity.resetStats(), count: () => identity.stats().getUserCalls };

    progress('GetUser calls per 5-turn session (fresh token, then the same token again)');
    const calls = {} as Record<VariantName, SessionCalls>;
    for (const name of ORDER) {
      const { accessToken } = await signIn(identity, ALICE);
      calls[name] = await countGetUserCalls(name, appOf(name), accessToken, getUser);
    }
    results.getUserCalls = calls;

    progress(`warm in-process turns: A, C ${options.warmTurns} each, B ${options.bTurns}`);
    const warmToken = (await signIn(identity, BOB)).accessToken;
    const plans = ORDER.map((variant) => ({
      variant,
      app: appOf(variant),
      accessToken: warmToken,
      turns: variant === 'B' ? options.bTurns : options.warmTurns,
    }));
    const warmPlans = options.profileDir ? plans.filter((p) => p.variant !== 'B') : plans;
    results.warmTurns = await profileWhile(options.profileDir && join(options.profileDir, 'warm-A-C.cpuprofile'), () =>
      measureWarmTurns(warmPlans, { rounds: options.rounds, warmUpTurns: options.warmUpTurns }),
    );
    if (options.profileDir) {
      const onlyB = plans.filter((p) => p.variant === 'B');
      Object.assign(results.warmTurns, await measureWarmTurns(onlyB, { rounds: 1, warmUpTurns: options.warmUpTurns }));
    }

    results.http = await httpFigures(options, endpoint, appOf, warmToken, progress);

    progress(`cold start: ${options.coldRuns} fresh processes per bundle`);
    results.coldStart = await coldStartFigures(options, identity, progress);
  } finally {
    for (const variant of apps.values()) variant.close();
    await identity.close();
  }
  results.machine.loadavgAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  results.durationSec = Math.round((Date.now() - started) / 1000);
  return results;
}

async function httpFigures(
  options: BenchOptions,
  endpoint: { url: string; jwksUri: string },
  appOf: (name: VariantName) => App,
  token: string,
  progress: (line: string) => void,
): Promise<HttpFigure[]> {
  const figures: HttpFigure[] = [];
  const servers = new Map<VariantName, Awaited<ReturnType<typeof startSkillProcess>>>();
  const envelopes = new Map<VariantName, unknown[]>();
  try {
    for (const name of ORDER) {
      servers.set(name, await startSkillProcess(name, endpoint));
      envelopes.set(name, await recordSession((e) => handleInMemory<AlexaResponse>(appOf(name), e), token));
    }
    for (const connections of options.connections) {
      const variants = ORDER.filter((v) => v !== 'B' || options.bConnections.includes(connections));
      progress(`HTTP load, ${connections} connection(s): ${variants.join(', ')}`);
      const load = { connections, amount: options.httpAmount };
      for (const name of variants) {
        await runLoad(name, servers.get(name)!.webhookUrl, envelopes.get(name)!, { ...load, durationSec: 1 }); // warm-up
      }
      // Like the warm turns: short runs in rotating order, so a burst from elsewhere hits all variants alike.
      const runs = new Map<VariantName, HttpFigure[]>(variants.map((v) => [v, []]));
      for (let round = 0; round < HTTP_ROUNDS; round++) {
        for (const name of variants.map((_, i) => variants[(i + round) % variants.length])) {
          const durationSec =
            (name === 'B' ? Math.min(3, options.httpDurationSec) : options.httpDurationSec) / HTTP_ROUNDS;
          runs
            .get(name)!
            .push(await runLoad(name, servers.get(name)!.webhookUrl, envelopes.get(name)!, { ...load, durationSec }));
        }
      }
      for (const name of variants) figures.push(mergeRuns(runs.get(name)!));
    }
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }
  return figures;
}

async function coldStartFigures(
  options: BenchOptions,
  identity: Awaited<ReturnType<typeof startTestIdentity>>,
  progress: (line: string) => void,
): Promise<ColdStartFigure[]> {
  const bundleDir = join(options.outDir, 'bundles');
  const template = await buildTemplateBundles(bundleDir);
  const skill = await skillBundle(bundleDir, { rebuild: options.rebuildBundle });
  progress(`bundles: ${[template.plain, template.tuned, skill].map((b) => `${b.name} ${b.bytes} B`).join(', ')}`);
  const env = {
    LOG_LEVEL: 'silent',
    SKILL_ID: DEV_SKILL_ID,
    COGNITO_USER_POOL_ID: identity.userPoolId,
    COGNITO_APP_CLIENT_ID: identity.clientId,
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
  };
  const { accessToken } = await signIn(identity, ALICE);
  return measureColdStarts(
    [
      { name: 'template, plain esbuild', bundle: template.plain, event: launchRequest(), env },
      { name: 'template, skill options', bundle: template.tuned, event: launchRequest(), env },
      { name: 'C, unlinked launch', bundle: skill, event: launchRequest(), env },
      { name: 'C, linked launch', bundle: skill, event: launchRequest({ accessToken }), env },
    ],
    options.coldRuns,
    options.profileDir,
  );
}
