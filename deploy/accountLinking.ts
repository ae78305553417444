import { OAUTH_SCOPES, StageSettings } from './settings';
import type { AskCli } from './askCli';

/**
 * Account linking as Alexa is given it: Cognito's Hosted UI with the authorization-code grant, the
 * app client authenticating with HTTP Basic at the token endpoint, and the scopes the app client
 * allows (aws.cognito.signin.user.admin among them, or GetUser refuses the token). SMAPI's
 * `PUT /v1/skills/{skillId}/stages/{stage}/accountLinkingClient` sets it: the skill package
 * API does not carry account linking.
 */
export interface AccountLinkingRequest {
  type: 'AUTH_CODE';
  authorizationUrl: string;
  accessTokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scopes: string[];
  accessTokenScheme: 'HTTP_BASIC';
  domains: string[];
  skipOnEnablement: boolean;
}

/** Without a secret it is what the skill package's accountLinking.json records (never a secret on disk). */
export function accountLinkingRequest(settings: StageSettings, clientSecret?: string): AccountLinkingRequest {
  return {
    type: 'AUTH_CODE',
    authorizationUrl: `${settings.cognitoDomain}/oauth2/authorize`,
    accessTokenUrl: `${settings.cognitoDomain}/oauth2/token`,
    clientId: settings.appClientId,
    ...(clientSecret ? { clientSecret } : {}),
    scopes: [...OAUTH_SCOPES],
    accessTokenScheme: 'HTTP_BASIC',
    domains: [],
    // Users must link before the skill is useful: linking starts right when they enable it.
    skipOnEnablement: false,
  };
}

/** For printing: the secret replaced, so a plan or a log line can never carry it. */
export function masked(request: AccountLinkingRequest): AccountLinkingRequest {
  return request.clientSecret ? { ...request, clientSecret: '********' } : request;
}

export class AccountLinkingError extends Error {
  name = 'AccountLinkingError';
}

/** Sets the skill's account linking on the development stage (the JSON goes in on standard input). */
export async function setAccountLinking(ask: AskCli, skillId: string, request: AccountLinkingRequest): Promise<void> {
  if (!request.clientId || !request.clientSecret || !request.authorizationUrl.startsWith('https://')) {
    throw new AccountLinkingError('account linking needs the stack outputs and the client secret first');
  }
  await ask.smapi(
    'update-account-linking-info',
    ['--skill-id', skillId, '--stage', 'development', '--account-linking-request', 'file:/dev/stdin'],
    JSON.stringify({ accountLinkingRequest: request }),
  );
}
