/** The peer's Lambda entry point, as ASK SDK users export it (callback style, `index.handler`). */
import { peerSkillBuilder } from './skill';

export const handler = peerSkillBuilder({
  region: process.env.COGNITO_REGION ?? 'us-east-1',
  cognitoEndpoint: process.env.COGNITO_API_ENDPOINT,
  skillId: process.env.SKILL_ID,
}).lambda();
