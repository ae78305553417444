import { performance } from 'node:perf_hooks';
import { fiveTurnSession, launchRequest, speechOf } from './alexa';
import { ALICE, benchSkillConfig, signIn, startBenchIdentity } from './identity';
import { skillInProcess } from './inProcess';
import { LatencySummary, summarize } from './stats';

/** The opt-in profile claims (COGNITO_PROFILE_CLAIMS) off and on: GetUser per session, and a first turn. */
export interface ProfileClaimsFigure {
  option: 'off' | 'on';
  /** GetUser calls for a 5-turn session with a token the process has never seen. */
  getUserPerSession: number;
  /** A launch with a fresh token in a warm process: local verification, then GetUser or not. */
  firstTurn: LatencySummary;
}

/**
 * The skill twice, in process, against one identity service whose access tokens carry email and
 * name (as Cognito's pre token generation trigger puts them): without COGNITO_PROFILE_CLAIMS and
 * with it. First turns alternate between the two, each with a token neither has seen.
 */
export async function measureProfileClaims(latencyMs: number, firstTurns: number): Promise<ProfileClaimsFigure[]> {
  const identity = await startBenchIdentity({ accessTokenClaims: {} });
  try {
    identity.setFaults({ getUserLatencyMs: latencyMs });
    const skills = [];
    for (const option of ['off', 'on'] as const) {
      const config = benchSkillConfig(identity, option === 'on' ? { COGNITO_PROFILE_CLAIMS: 'email,name' } : {});
      const send = await skillInProcess(config);
      identity.resetStats();
      await fiveTurnSession(send, { skillId: config.skillId, accessToken: await signIn(identity, ALICE) });
      const calls = identity.stats().getUserCalls;
      skills.push({ option, send, skillId: config.skillId, calls, samples: [] as number[] });
    }
    for (let turn = 0; turn < firstTurns; turn++) {
      for (const skill of turn % 2 ? [...skills].reverse() : skills) {
        const envelope = launchRequest(skill.skillId, await signIn(identity, ALICE));
        const started = performance.now();
        const said = speechOf(await skill.send(envelope));
        skill.samples.push(performance.now() - started);
        if (!said.startsWith(`Welcome back, ${ALICE.name}`)) throw new Error(`claims ${skill.option}: "${said}"`);
      }
    }
    return skills.map((s) => ({ option: s.option, getUserPerSession: s.calls, firstTurn: summarize(s.samples) }));
  } finally {
    await identity.close();
  }
}
