import { measureProfileClaims, ProfileClaimsFigure } from './profileClaims';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { RunningIdentityService } from '@profile-keeper/cognito-local';
import { createLogger } from '../src/logger';
import { launchRequest } from './alexa';
import { buildPeerLambda, buildProductLambda, LambdaFolder } from './bundles';
import { benchSkillConfig } from './config';
import { ColdStartFigure, ColdStartTarget, measureColdStarts } from './coldStart';
import { buildHttpWorker, checkOverHttp, HttpFigure, mergeRuns, runLoad, startSkillProcess } from './httpLoad';
import { countGetUserCalls, measureWarmTurns, SessionCalls } from './inProcess';
import { profileWhile } from './profile';
import { recordSession } from './sessions';
import { LatencySummary } from './stats';
import { buildStepLambdas } from './steps';
import { ALICE, BOB, signIn, startBenchIdentity } from './identity';
import { createVariant, ORDER, SkillUnderTest, VariantName, VARIANTS } from './variants';

export interface BenchOptions {
  /** GetUser latency injected at the identity service for warm turns and HTTP, ms. */
  latencyMs: number;
  /** GetUser latencies a linked cold start is measured at, ms. */
  coldLatenciesMs: number[];
  /** Timed warm turns for A and C; B and P (each turn waits for GetUser) get slowTurns. */
  warmTurns: number;
  slowTurns: number;
  warmUpTurns: number;
  rounds: number;
  /** First turns timed with profile claims off and on (each with a token never seen). */
  claimsFirstTurns: number;
  connections: number[];
  /** Seconds of load per variant and concurrency, split into httpRounds interleaved runs. */
  httpDurationSec: number;
  httpRounds: number;
  /** Smoke runs: a fixed number of requests per HTTP run instead of a duration. */
  httpAmount?: number;
  coldRuns: number;
  /** One unmeasured start per target first, so every measured one finds the files in the page cache. */
  coldWarmUp: boolean;
  /** Also cold-start the artefact as each build step left it (what each step bought). */
  steps: boolean;
  /** Write CPU profiles of the warm loop and of one cold start per target here. */
  profileDir?: string;
  outDir: string;
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
  warmTurns: Partial<Record<VariantName, LatencySummary>>;
  http: HttpFigure[];
  coldStart: ColdStartFigure[];
  steps?: ColdStartFigure[];
  profileClaims: ProfileClaimsFigure[];
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

const SLOW: VariantName[] = ['B', 'P'];

export async function runBenchmark(options: BenchOptions, progress: (line: string) => void): Promise<BenchResults> {
  const started = Date.now();
  const results = { startedAt: new Date(started).toISOString(), machine: machine(), options } as BenchResults;
  results.variants = VARIANTS;
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  const identity = await startBenchIdentity();
  const skills: SkillUnderTest[] = [];
  try {
    identity.setFaults({ getUserLatencyMs: options.latencyMs });
    const endpoint = { url: identity.url, jwksUri: identity.jwksUri };
    const config = benchSkillConfig(endpoint);
    const logger = createLogger({ level: 'silent' });
    for (const name of ORDER) skills.push(createVariant(name, config, logger));
    for (const skill of skills) if (skill.app) await skill.app.initialize();
    const getUser = { reset: () => identity.resetStats(), count: () => identity.stats().getUserCalls };

    progress('GetUser calls per 5-turn session (fresh token, then the same token again)');
    results.getUserCalls = {} as Record<VariantName, SessionCalls>;
    for (const skill of skills) {
      const session = { skillId: config.skillId, accessToken: await signIn(identity, ALICE), userName: ALICE.name };
      results.getUserCalls[skill.name] = await countGetUserCalls(skill, session, getUser);
    }
    // The peer is only a fair baseline if it is the same skill: it must say what the product says.
    const { C, P } = results.getUserCalls;
    const differs = C.said.findIndex((speech, turn) => P.said[turn] !== speech);
    if (differs >= 0)
      throw new Error(`P answers turn ${differs + 1} differently: "${P.said[differs]}" vs C "${C.said[differs]}"`);

    progress(`warm turns in process: A, C ${options.warmTurns} each; B, P ${options.slowTurns}`);
    const warmSession = { skillId: config.skillId, accessToken: await signIn(identity, BOB) };
    const plans = skills.map((skill) => ({
      skill,
      turns: SLOW.includes(skill.name) ? options.slowTurns : options.warmTurns,
    }));
    const fast = plans.filter((p) => !SLOW.includes(p.skill.name));
    const slow = plans.filter((p) => SLOW.includes(p.skill.name));
    const timing = { rounds: options.rounds, warmUpTurns: options.warmUpTurns };
    results.warmTurns = {
      ...(await profileWhile(options.profileDir && join(options.profileDir, 'warm-A-C.cpuprofile'), () =>
        measureWarmTurns(fast, warmSession, timing),
      )),
      ...(await measureWarmTurns(slow, warmSession, { rounds: timing.rounds, warmUpTurns: 5 })),
    };

    results.profileClaims = await measureProfileClaims(
      { latencyMs: options.latencyMs, firstTurns: options.claimsFirstTurns },
      progress,
    );

    results.http = await httpFigures(options, work, endpoint, skills, warmSession, progress);

    results.coldStart = await coldStartFigures(options, work, identity, config.skillId, progress);
    if (options.steps) results.steps = await stepFigures(options, work, identity, config.skillId, progress);
  } finally {
    for (const skill of skills) skill.close();
    await identity.close();
    rmSync(work, { recursive: true, force: true });
  }
  results.machine.loadavgAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  results.durationSec = Math.round((Date.now() - started) / 1000);
  return results;
}

async function httpFigures(
  options: BenchOptions,
  work: string,
  endpoint: { url: string; jwksUri: string },
  skills: SkillUnderTest[],
  session: { skillId: string; accessToken: string },
  progress: (line: string) => void,
): Promise<HttpFigure[]> {
  const figures: HttpFigure[] = [];
  const worker = await buildHttpWorker(work);
  const servers = await Promise.all(ORDER.map((name) => startSkillProcess(worker, name, endpoint)));
  try {
    const sessions = await Promise.all(skills.map((skill) => recordSession(skill.send, session)));
    for (const [i, name] of ORDER.entries()) await checkOverHttp(name, servers[i].webhookUrl, sessions[i]);
    const envelopes = sessions.map((recorded) => recorded.envelopes);
    for (const connections of options.connections) {
      progress(`HTTP load, ${connections} connection(s): ${ORDER.join(', ')}`);
      const load = { connections, amount: options.httpAmount };
      for (const [i, name] of ORDER.entries()) {
        await runLoad(name, servers[i].webhookUrl, envelopes[i], { ...load, durationSec: 1 }); // warm-up
      }
      // Like the warm turns: short runs in rotating order, so a burst from elsewhere hits all variants alike.
      const runs = ORDER.map(() => [] as HttpFigure[]);
      for (let round = 0; round < options.httpRounds; round++) {
        for (let k = 0; k < ORDER.length; k++) {
          const i = (k + round) % ORDER.length;
          const durationSec = options.httpDurationSec / options.httpRounds;
          runs[i].push(await runLoad(ORDER[i], servers[i].webhookUrl, envelopes[i], { ...load, durationSec }));
        }
      }
      for (const list of runs) figures.push(mergeRuns(list));
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  return figures;
}

/** The identity service's public keys, as a deploy would ship the pool's (`npm run bundle -- --jwks`). */
async function poolJwks(identity: RunningIdentityService, work: string): Promise<string> {
  const response = await fetch(identity.jwksUri);
  if (!response.ok) throw new Error(`JWKS download failed: HTTP ${response.status}`);
  const file = join(work, 'pool-jwks.json');
  writeFileSync(file, await response.text());
  return file;
}

/** Where a cold Lambda is measured: an unlinked launch, and a linked one at each GetUser latency. */
async function coldTargets(
  lambdas: LambdaFolder[],
  identity: RunningIdentityService,
  options: BenchOptions,
  skillId: string,
): Promise<ColdStartTarget[]> {
  const env = {
    LOG_LEVEL: 'silent',
    SKILL_ID: skillId,
    COGNITO_REGION: identity.region,
    COGNITO_USER_POOL_ID: identity.userPoolId,
    COGNITO_APP_CLIENT_ID: identity.clientId,
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_JWKS_URI: identity.jwksUri,
  };
  const token = await signIn(identity, ALICE);
  const scenarios = [
    { scenario: 'unlinked launch', event: launchRequest(skillId), getUserLatencyMs: 0 },
    ...options.coldLatenciesMs.map((ms) => ({
      scenario: `linked launch, GetUser ${ms} ms`,
      event: launchRequest(skillId, token),
      getUserLatencyMs: ms,
    })),
  ];
  // Scenario by scenario, the artefacts side by side: what is compared is measured back to back.
  return scenarios.flatMap((scenario) => lambdas.map((lambda) => ({ ...scenario, lambda, env })));
}

async function coldStartFigures(
  options: BenchOptions,
  work: string,
  identity: RunningIdentityService,
  skillId: string,
  progress: (line: string) => void,
): Promise<ColdStartFigure[]> {
  const product = await buildProductLambda(join(work, 'C'), { jwks: await poolJwks(identity, work) });
  const peer = await buildPeerLambda(join(work, 'P'));
  progress(
    `cold start: ${options.coldRuns} new processes per target (C ${product.jsBytes} B of JavaScript, P ${peer.jsBytes} B)`,
  );
  const targets = await coldTargets([product, peer], identity, options, skillId);
  return measureColdStarts(targets, {
    runs: options.coldRuns,
    setLatency: (ms) => identity.setFaults({ getUserLatencyMs: ms }),
    profileDir: options.profileDir,
    warmUp: options.coldWarmUp,
  });
}

async function stepFigures(
  options: BenchOptions,
  work: string,
  identity: RunningIdentityService,
  skillId: string,
  progress: (line: string) => void,
): Promise<ColdStartFigure[]> {
  mkdirSync(join(work, 'steps'));
  const lambdas = await buildStepLambdas(join(work, 'steps'), await poolJwks(identity, work));
  progress(`build steps: ${lambdas.length} artefacts, ${options.coldRuns} cold starts per target`);
  const targets = await coldTargets(lambdas, identity, options, skillId);
  return measureColdStarts(targets, {
    runs: options.coldRuns,
    setLatency: (ms) => identity.setFaults({ getUserLatencyMs: ms }),
    warmUp: options.coldWarmUp,
  });
}
