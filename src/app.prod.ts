import { createApp } from './app';
import { loadSkillConfig } from './config';

/** Prod stage: the Cognito pool and skill id the deployed stack sets in the function's environment. */
export const config = loadSkillConfig('prod', process.env);
export const app = createApp(config);
