/**
 * The seed-style peer's Lambda entry point (`index.handler`), as Amazon's linked-profile sample
 * deploys it: the whole AWS SDK v2 (`require('aws-sdk')`) and the ASK SDK from node_modules,
 * unbundled (bench/lambdas.ts builds the folder).
 */
import AWS from 'aws-sdk';
import { GetUser, peerSkillBuilder } from './skill';

/** GetUser with the AWS SDK v2; `endpoint` only for a local stand-in. */
export function seedGetUser(region: string, endpoint?: string): GetUser {
  const cognito = new AWS.CognitoIdentityServiceProvider({ region, endpoint });
  return (AccessToken) => cognito.getUser({ AccessToken }).promise();
}

export const handler = peerSkillBuilder(
  seedGetUser(process.env.COGNITO_REGION ?? 'us-east-1', process.env.COGNITO_API_ENDPOINT),
  process.env.SKILL_ID,
).lambda();
