/**
 * `npm start`: the whole local loop on one machine — the Cognito-compatible identity service,
 * the skill's webhook and the Alexa-side simulator — then prints where each one is and how to sign in.
 */
import { startIdentityService } from '../identity/src';
import { createApp } from '../src/app';
import { loadSkillConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startSkillServer } from '../src/server.express';

async function main(): Promise<void> {
  const env = process.env;
  const identity = await startIdentityService({ port: Number(env.IDENTITY_PORT ?? 9339) });
  const config = loadSkillConfig('dev', env);
  const logger = createLogger({ level: config.logLevel });
  const skill = await startSkillServer({
    app: createApp(config, { logger }),
    logger,
    port: Number(env.JOVO_PORT ?? 3000),
  });

  console.log(`Identity service (local Cognito): ${identity.url}`);
  console.log(`Skill webhook:                    ${skill.webhookUrl}`);

  const shutdown = async () => {
    await Promise.allSettled([skill.close(), identity.close()]);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
