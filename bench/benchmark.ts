import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fiveTurnSession, launchRequest, speechOf } from './alexa';
import { ColdStartFigure, measureColdStarts } from './coldStart';
import { ALICE, benchSkillConfig, signIn, startBenchIdentity } from './identity';
import { measureWarmTurns, warmSkills } from './inProcess';
import { lambdaNode, seedPeerLambda, skillLambda, v3PeerLambda } from './lambdas';

/** See run.ts. node22: cold starts on Lambda's Node 22 (fetched from npm once), else on the running Node. */
export type BenchOptions = Record<'latencyMs' | 'skillTurns' | 'peerTurns' | 'rounds' | 'coldRuns', number> & {
  node22: boolean;
  outDir: string;
};

export type BenchResults = Awaited<ReturnType<typeof runBenchmark>>;

export async function runBenchmark(options: BenchOptions, progress: (line: string) => void) {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  const identity = await startBenchIdentity();
  try {
    const config = benchSkillConfig(identity);
    const skills = await warmSkills(config);
    // Per skill or peer: GetUser calls in a 5-turn session with a fresh token, and what it said there.
    progress('GetUser calls per 5-turn session, fresh token');
    const session = { skillId: config.skillId, accessToken: await signIn(identity, ALICE) };
    const getUserPerSession: Record<string, number> = {};
    const said: Record<string, string[]> = {};
    for (const { name, send } of skills) {
      const before = identity.stats().getUserCalls;
      said[name] = (await fiveTurnSession(send, session)).map(speechOf);
      getUserPerSession[name] = identity.stats().getUserCalls - before;
      // A peer is a fair baseline only if it is the same skill: it must say what the skill says.
      if (said[name].join('\n') !== said.skill.join('\n')) throw new Error(`${name} answers otherwise: ${said[name]}`);
    }

    progress(`warm turns, GetUser ${options.latencyMs} ms: skill ${options.skillTurns}, peers ${options.peerTurns}`);
    identity.setFaults({ getUserLatencyMs: options.latencyMs });
    const plans = skills.map((skill) => ({
      skill,
      turns: options[skill.name === 'skill' ? 'skillTurns' : 'peerTurns'],
    }));
    const user = { skillId: config.skillId, accessToken: await signIn(identity, ALICE) };
    const warmTurns = await measureWarmTurns(plans, user, options.rounds);

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
    const { region, userPoolId, clientId, url, jwksUri } = identity;
    const env = {
      LOG_LEVEL: 'silent',
      SKILL_ID: config.skillId,
      COGNITO_REGION: region,
      COGNITO_USER_POOL_ID: userPoolId,
    };
    Object.assign(env, { COGNITO_APP_CLIENT_ID: clientId, COGNITO_API_ENDPOINT: url, COGNITO_JWKS_URI: jwksUri });
    const scenarios = {
      'unlinked launch': launchRequest(config.skillId),
      'linked launch': launchRequest(config.skillId, await signIn(identity, ALICE)),
    };
    // Per scenario (unlinked launch, linked launch), per Lambda folder.
    const coldStart: Record<string, Record<string, ColdStartFigure>> = {};
    for (const [scenario, event] of Object.entries(scenarios)) {
      progress(`cold start, ${scenario}: ${options.coldRuns} rounds of ${lambdas.map((l) => l.name).join(', ')}`);
      coldStart[scenario] = await measureColdStarts(node, lambdas, { event, runs: options.coldRuns, env });
      const speeches = new Set(Object.values(coldStart[scenario]).map((figure) => figure.speech));
      if (speeches.size !== 1) throw new Error(`${scenario}: the Lambda folders answer differently: ${[...speeches]}`);
    }
    const nodeNote = node22
      ? "Lambda's Node 22, npm package node@22"
      : `NOT Lambda's Node 22: measured on the running Node${options.node22 ? ', node@22 could not be fetched' : ''}`;
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const machine = { cpu: cpus()[0]?.model ?? '', cores: cpus().length, loadavg: loadavg(), node: version, nodeNote };
    const folders = lambdas.map(({ name, jsBytes, howBuilt }) => ({ name, jsBytes, howBuilt }));
    const durationSec = Math.round((Date.now() - started) / 1000);
    return { durationSec, machine, options, lambdas: folders, getUserPerSession, said, warmTurns, coldStart };
  } finally {
    await identity.close();
    rmSync(work, { recursive: true, force: true });
  }
}
