/**
 * `npm run dev` (= `jovo run` through scripts/jovo.js, which runs `npm run start:dev`): the dev-stage
 * skill on http://localhost:3000/webhook with the Jovo debugger plugin. Without internet the
 * debugger says it cannot reach its webhook and the skill keeps serving locally.
 */
import { requestPolicyFor } from './alexa/requestPolicy';
import { app, config } from './app.dev';
import { createLogger } from './logger';
import { startSkillServer } from './server.express';

const logger = createLogger({ level: config.logLevel });
startSkillServer({ app, logger, requestPolicy: requestPolicyFor(config), port: Number(process.env.JOVO_PORT ?? 3000) })
  .then((server) => console.log(`Skill webhook: ${server.webhookUrl} (identity service expected at app.json dev)`))
  .catch((error: Error) => {
    console.error(`skill server failed: ${error.message}`);
    process.exit(1);
  });
