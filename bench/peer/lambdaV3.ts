/** The bundled peer's Lambda entry point (`index.handler`): the AWS SDK v3 Cognito client, bundled with esbuild. */
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetUser, peerSkillBuilder } from './skill';

/** GetUser with the AWS SDK v3; `endpoint` only for a local stand-in. */
export function v3GetUser(region: string, endpoint?: string): GetUser {
  const cognito = new CognitoIdentityProviderClient({ region, endpoint });
  return (AccessToken) => cognito.send(new GetUserCommand({ AccessToken }));
}

export const handler = peerSkillBuilder(
  v3GetUser(process.env.COGNITO_REGION ?? 'us-east-1', process.env.COGNITO_API_ENDPOINT),
  process.env.SKILL_ID,
).lambda();
