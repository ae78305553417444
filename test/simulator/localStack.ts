import { startTestSkill } from '../support/skill';
import { createLogger } from '../../src/logger';
import { RunningSkillServer } from '../../src/server.express';
import { RunningSimulator, startSimulator } from '@profile-keeper/alexa-simulator';
import { devSkillSettings, localMetrics } from '../../scripts/local';
import { RunningIdentity, skillConfigFor, startTestIdentity } from '../support/identity';

/**
 * The whole local loop on ephemeral ports: identity service (short-lived access tokens), the skill's
 * express server, and the simulator. The simulator listens first because the identity service
 * must allow its callback URL; then it is pointed at the other two, with the project's dev settings.
 */
export interface LocalStack {
  identity: RunningIdentity;
  skill: RunningSkillServer;
  simulator: RunningSimulator;
  close(): Promise<void>;
}

export async function startLocalStack(options: { accessTokenTtlSeconds: number }): Promise<LocalStack> {
  const simulator = await startSimulator({ ...devSkillSettings(), port: 0 });
  const identity = await startTestIdentity({
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    callbackUrls: [simulator.callbackUrl],
  });
  const logger = createLogger({ level: 'silent' });
  // As `npm start` does: the skill's metrics, summed, on the simulator page.
  const metrics = localMetrics();
  const skill = await startTestSkill(skillConfigFor(identity), { logger, metrics });
  simulator.configure({
    ...devSkillSettings(identity.url),
    skillEndpoint: skill.webhookUrl,
    clientSecret: identity.clientSecret,
    skillMetrics: metrics.summary,
    // Alexa refreshes shortly before expiry; one second keeps a 4-second token in use for a few turns.
    refreshSkewSeconds: 1,
  });
  return {
    identity,
    skill,
    simulator,
    close: async () => {
      await Promise.allSettled([simulator.close(), skill.close(), identity.close()]);
    },
  };
}
