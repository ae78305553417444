import { OAUTH_SCOPES, StageSettings } from './settings';

export type AccountLinkingRequest = ReturnType<typeof accountLinkingRequest>;

/**
 * Account linking as Alexa is given it: Cognito's Hosted UI with the authorization-code grant, the
 * app client authenticating with HTTP Basic at the token endpoint, and the scopes the app client
 * allows (aws.cognito.signin.user.admin among them, or GetUser refuses the token). SMAPI's
 * `PUT /v1/skills/{skillId}/stages/development/accountLinkingClient` sets it: the Skill Package API
 * does not carry account linking. Without a secret it is what the local simulator is given, or a plan prints.
 */
export function accountLinkingRequest(settings: StageSettings, clientSecret?: string) {
  return {
    type: 'AUTH_CODE' as const,
    authorizationUrl: `${settings.cognitoDomain}/oauth2/authorize`,
    accessTokenUrl: `${settings.cognitoDomain}/oauth2/token`,
    clientId: settings.appClientId,
    ...(clientSecret ? { clientSecret } : {}),
    scopes: [...OAUTH_SCOPES] as string[],
    accessTokenScheme: 'HTTP_BASIC' as const,
    domains: [] as string[],
    // Users must link before the skill is useful: linking starts right when they enable it.
    skipOnEnablement: false,
  };
}

/** For printing: the secret replaced, so a plan or a log line never carries it. */
export const masked = (request: AccountLinkingRequest) =>
  request.clientSecret ? { ...request, clientSecret: '********' } : request;
