import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startIdentityService } from '@profile-keeper/cognito-local';
import { createApp } from '../src/app';
import { localSkillConfig } from '../deploy/settings';
import { createLogger } from '../src/logger';
import { AlexaAnswer, launchRequest, speechOf } from './alexa';
import { ALICE, signIn } from './identity';
import { handleInMemory } from './inMemoryServer';
import { checkLinkedSession } from './inProcess';
import { fiveTurnSession } from './sessions';
import { LatencySummary, summarize } from './stats';

/** The opt-in profile claims (COGNITO_PROFILE_CLAIMS), off and on, against the same pool. */
export interface ProfileClaimsFigure {
  option: 'off' | 'on';
  /** GetUser calls for a 5-turn session with a token the process has never seen. */
  getUserPerSession: number;
  /** A launch with a fresh token in a warm process: local verification, then GetUser or not. */
  firstTurn: LatencySummary;
}

/**
 * The product twice, in process, against one identity service whose pool puts email and name into
 * access tokens (as Cognito's pre token generation trigger does): once without COGNITO_PROFILE_CLAIMS
 * (GetUser for every new token) and once with it (the claims, no GetUser). First turns alternate
 * between the two, each with a token neither has seen.
 */
export async function measureProfileClaims(
  options: { latencyMs: number; firstTurns: number },
  progress: (line: string) => void,
): Promise<ProfileClaimsFigure[]> {
  progress(`profile claims off and on: ${options.firstTurns} first turns each`);
  const identity = await startIdentityService({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'bench-claims-')),
    logLevel: 'error',
    accessTokenClaims: {},
  });
  try {
    identity.setFaults({ getUserLatencyMs: options.latencyMs });
    const env = { COGNITO_API_ENDPOINT: identity.url, COGNITO_JWKS_URI: identity.jwksUri, LOG_LEVEL: 'silent' };
    const logger = createLogger({ level: 'silent' });
    const skills = (['off', 'on'] as const).map((option) => {
      const config = localSkillConfig({
        ...env,
        ...(option === 'on' ? { COGNITO_PROFILE_CLAIMS: 'email,name' } : {}),
      });
      const app = createApp(config, { logger });
      return {
        option,
        app,
        skillId: config.skillId,
        send: (envelope: unknown) => handleInMemory<AlexaAnswer>(app, envelope),
      };
    });
    for (const skill of skills) await skill.app.initialize();
    const figures: ProfileClaimsFigure[] = [];
    const samples = new Map<string, number[]>(skills.map((skill) => [skill.option, []]));
    for (const skill of skills) {
      identity.resetStats();
      const answers = await fiveTurnSession(skill.send, {
        skillId: skill.skillId,
        accessToken: await signIn(identity, ALICE),
      });
      checkLinkedSession('C', answers, ALICE.name);
      figures.push({
        option: skill.option,
        getUserPerSession: identity.stats().getUserCalls,
        firstTurn: summarize([]),
      });
    }
    for (let turn = 0; turn < options.firstTurns; turn++) {
      for (const skill of turn % 2 === 0 ? skills : [...skills].reverse()) {
        const envelope = launchRequest(skill.skillId, await signIn(identity, ALICE));
        const started = performance.now();
        const answer = await skill.send(envelope);
        samples.get(skill.option)?.push(performance.now() - started);
        if (!speechOf(answer).startsWith(`Welcome back, ${ALICE.name}`)) {
          throw new Error(
            `profile claims ${skill.option}: the first turn did not greet the user: "${speechOf(answer)}"`,
          );
        }
      }
    }
    for (const figure of figures) figure.firstTurn = summarize(samples.get(figure.option) ?? []);
    return figures;
  } finally {
    await identity.close();
  }
}
