import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRequest } from './alexa';
import { ColdStartFigure, measureColdStarts } from './coldStart';
import { ALICE, BOB, benchSkillConfig, signIn, startBenchIdentity } from './identity';
import { getUserPerSession, measureWarmTurns, warmSkills } from './inProcess';
import { LambdaFolder, lambdaNode, lambdaNodeFlags, seedPeerLambda, skillLambda, v3PeerLambda } from './lambdas';
import { measureProfileClaims, ProfileClaimsFigure } from './profileClaims';
import { LatencySummary } from './stats';

export interface BenchOptions {
  /** GetUser latency at the identity service for warm turns and profile claims, ms. */
  latencyMs: number;
  /** Timed warm turns of the skill, and of each peer (each of whose turns waits for GetUser). */
  skillTurns: number;
  peerTurns: number;
  rounds: number;
  /** First turns timed with profile claims off and on. */
  claimsTurns: number;
  /** Cold starts per Lambda folder and scenario. */
  coldRuns: number;
  /** Cold starts on Lambda's Node 22 (fetched from npm once), else on the running Node. */
  node22: boolean;
  outDir: string;
}

export interface BenchResults {
  durationSec: number;
  machine: { cpu: string; cores: number; loadavg: number[]; node: string; nodeFlags: string[]; nodeNote: string };
  options: BenchOptions;
  lambdas: Omit<LambdaFolder, 'dir'>[];
  /** Per skill or peer: GetUser calls in a 5-turn session with a fresh token, and what it said. */
  getUserPerSession: Record<string, number>;
  said: Record<string, string[]>;
  warmTurns: Record<string, LatencySummary>;
  profileClaims: ProfileClaimsFigure[];
  /** Per scenario (unlinked launch, linked launch), per Lambda folder. */
  coldStart: Record<string, Record<string, ColdStartFigure>>;
}

export async function runBenchmark(options: BenchOptions, progress: (line: string) => void): Promise<BenchResults> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  const identity = await startBenchIdentity();
  try {
    const config = benchSkillConfig(identity);
    const skills = await warmSkills(config);
    progress('GetUser calls per 5-turn session, fresh token');
    const session = { skillId: config.skillId, accessToken: await signIn(identity, ALICE) };
    const counted: { calls: number; said: string[] }[] = [];
    for (const skill of skills)
      counted.push(await getUserPerSession(skill, session, () => identity.stats().getUserCalls));
    const said = Object.fromEntries(skills.map((skill, i) => [skill.name, counted[i].said]));
    for (const [name, speech] of Object.entries(said)) {
      // A peer is a fair baseline only if it is the same skill: it must say what the skill says.
      if (speech.join('\n') !== said.skill.join('\n')) throw new Error(`${name} answers otherwise: ${speech}`);
    }

    progress(
      `warm turns, GetUser ${options.latencyMs} ms: skill ${options.skillTurns}, peers ${options.peerTurns} each`,
    );
    identity.setFaults({ getUserLatencyMs: options.latencyMs });
    const plans = skills.map((skill) => ({
      skill,
      turns: skill.name === 'skill' ? options.skillTurns : options.peerTurns,
    }));
    const user = { skillId: config.skillId, accessToken: await signIn(identity, BOB) };
    const warmTurns = await measureWarmTurns(plans, user, options.rounds);
    progress(`profile claims off and on: ${options.claimsTurns} first turns each`);
    const profileClaims = await measureProfileClaims(options.latencyMs, options.claimsTurns);

    identity.setFaults({ getUserLatencyMs: 0 });
    const node22 = options.node22 ? lambdaNode(progress) : undefined;
    const node = node22 ?? process.execPath;
    const jwksFile = join(work, 'pool-jwks.json');
    writeFileSync(jwksFile, await (await fetch(identity.jwksUri)).text());
    const lambdas = [
      await skillLambda(join(work, 'skill'), jwksFile),
      await seedPeerLambda(join(work, 'seed')),
      await v3PeerLambda(join(work, 'v3')),
    ];
    const env = {
      LOG_LEVEL: 'silent',
      SKILL_ID: config.skillId,
      COGNITO_REGION: identity.region,
      COGNITO_USER_POOL_ID: identity.userPoolId,
      COGNITO_APP_CLIENT_ID: identity.clientId,
      COGNITO_API_ENDPOINT: identity.url,
      COGNITO_JWKS_URI: identity.jwksUri,
    };
    const scenarios = {
      'unlinked launch': launchRequest(config.skillId),
      'linked launch': launchRequest(config.skillId, await signIn(identity, ALICE)),
    };
    const coldStart: BenchResults['coldStart'] = {};
    for (const [scenario, event] of Object.entries(scenarios)) {
      progress(`cold start, ${scenario}: ${options.coldRuns} rounds of ${lambdas.map((l) => l.name).join(', ')}`);
      coldStart[scenario] = await measureColdStarts(node, lambdas, event, { runs: options.coldRuns, env });
      const speeches = new Set(Object.values(coldStart[scenario]).map((figure) => figure.speech));
      if (speeches.size !== 1) throw new Error(`${scenario}: the Lambda folders answer differently: ${[...speeches]}`);
    }
    const nodeNote = node22
      ? "Lambda's Node 22, npm package node@22"
      : `NOT Lambda's Node 22: measured on the running Node${options.node22 ? ', node@22 could not be fetched' : ''}`;
    return {
      durationSec: Math.round((Date.now() - started) / 1000),
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
        node: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(),
        nodeFlags: lambdaNodeFlags(),
        nodeNote,
      },
      options,
      lambdas: lambdas.map(({ name, jsBytes, howBuilt }) => ({ name, jsBytes, howBuilt })),
      getUserPerSession: Object.fromEntries(skills.map((skill, i) => [skill.name, counted[i].calls])),
      said,
      warmTurns,
      profileClaims,
      coldStart,
    };
  } finally {
    await identity.close();
    rmSync(work, { recursive: true, force: true });
  }
}
