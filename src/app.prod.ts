import { createApp } from './app';
import { loadSkillConfig } from './config';

/** Prod stage: the Cognito pool and skill id from app.json "prod", overridable by the Lambda's env. */
export const app = createApp(loadSkillConfig('prod', process.env));
