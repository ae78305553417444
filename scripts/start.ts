/**
 * `npm start`: the whole local loop on one machine — the Cognito-compatible identity service,
 * the skill's webhook and the Alexa-side simulator — then prints where each one is and how to sign in.
 * Lives outside src/ on purpose: the skill never imports the local stand-ins.
 */
import './quietSdkNotice';
import { startIdentityService } from '@profile-keeper/cognito-local';
import { startSimulator } from '@profile-keeper/alexa-simulator';
import { requestPolicyFor } from '../src/alexa/requestPolicy';
import { createApp } from '../src/app';
import { localSkillConfig } from '../deploy/settings';
import { createLogger } from '../src/logger';
import { startSkillServer } from '../src/server.express';
import { devSkillSettings, localMetrics } from './local';

async function main(): Promise<void> {
  const env = process.env;
  const simulatorPort = Number(env.SIMULATOR_PORT ?? 3001);
  const identity = await startIdentityService({
    port: Number(env.IDENTITY_PORT ?? 9339),
    // the cognito-local package's seed.json allows the simulator's default callback; another port has to be allowed here.
    callbackUrls: [`http://localhost:${simulatorPort}/callback`],
  });
  const config = localSkillConfig(env);
  const logger = createLogger({ level: config.logLevel });
  const metrics = localMetrics();
  const skill = await startSkillServer({
    app: createApp(config, { logger, metrics }),
    logger,
    requestPolicy: requestPolicyFor(config),
    port: Number(env.JOVO_PORT ?? 3000),
  });
  const simulator = await startSimulator({
    ...devSkillSettings(identity.url),
    port: simulatorPort,
    skillEndpoint: skill.webhookUrl,
    // The simulator plays Alexa, which holds the app client's secret for the token exchange.
    clientSecret: identity.clientSecret,
    // What production monitoring would report, on the page (src/metrics.ts).
    skillMetrics: metrics.summary,
  });

  console.log(`
  Simulator (open in a browser):  ${simulator.url}
  Skill webhook:                  ${skill.webhookUrl}
  Identity service (Cognito):     ${identity.url}

  Demo users (local only):  alice / Alice-Demo-1!   bob / Bob-Demo-1!
  Terminal instead of a browser:  npm run talk
  Ctrl+C stops all three.
`);

  const shutdown = async () => {
    await Promise.allSettled([simulator.close(), skill.close(), identity.close()]);
    process.exit(0);
  };
  process.once('SIGINT', shutdown).once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
