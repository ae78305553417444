import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app';
import { loadSkillConfig } from './config';
import { createEmfMetrics } from './emfMetrics';
import { createLogger } from './logger';

/**
 * Prod stage: the skill as the Lambda function runs it (src/server.lambda.ts imports this), built once
 * per container during Lambda's init phase from the environment the stack sets on the function
 * (pool, app client, skill id), with its metrics as CloudWatch EMF documents.
 */
export const config = loadSkillConfig('prod', process.env);
// The pool's JWKS, when the deploy shipped it next to the handler: a cold linked turn then needs no
// JWKS download (a key id it does not know is still fetched, as after a key rotation).
const shippedJwks = join(__dirname, 'jwks.json');
if (existsSync(shippedJwks)) config.cognito.jwks = JSON.parse(readFileSync(shippedJwks, 'utf8'));

export const logger = createLogger({ level: config.logLevel });
export const metrics = createEmfMetrics({ ...config.metrics, stage: config.stage });
export const app = createApp(config, { logger, metrics });
