import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolClientCommand,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';
import { OAUTH_SCOPES } from './settings';

/**
 * What the deploy reads and changes in Cognito itself, beside the stack: the app client's secret
 * (in memory, for account linking), a pool's Hosted UI domain, and the fit of an app client that
 * a team already has. The skill's app client settings are defined once here, in the names that
 * Cognito's API and CloudFormation share, for the stack and for that check alike.
 */
export class CognitoSetupError extends Error {
  name = 'CognitoSetupError';
}

/** Alexa redirects to one of these, by the user's region: all three belong on the app client. */
const ALEXA_REDIRECT_HOSTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'];
/** The attributes the skill reads (src/profileFields.ts): the app client must be allowed to read them. */
export const READ_ATTRIBUTES: string[] = [...PROFILE_ATTRIBUTES];

export function appClientSettings(vendorId: string) {
  return {
    CallbackURLs: ALEXA_REDIRECT_HOSTS.map((host) => `https://${host}/api/skill/link/${vendorId}`),
    AllowedOAuthFlows: ['code'],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: [...OAUTH_SCOPES],
    SupportedIdentityProviders: ['COGNITO'],
    ReadAttributes: READ_ATTRIBUTES,
    // Cognito's default is 30 days: users would be unlinked without notice every month, when
    // Alexa's refresh fails. 3650 days (the maximum) is what Amazon's own sample uses.
    RefreshTokenValidity: 3650,
    // Alexa refreshes access tokens itself and wants them to live at least 6 minutes.
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { RefreshToken: 'days', AccessToken: 'minutes', IdToken: 'minutes' } as const,
    // No password flows: users sign in on the Hosted UI only.
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
  };
}

/** The app client's secret, read for one request and kept in memory only: Cognito is where it lives. */
export async function readClientSecret(cognito: CognitoIdentityProviderClient, poolId: string, clientId: string) {
  const client = await describeClient(cognito, poolId, clientId);
  if (!client.ClientSecret) throw new CognitoSetupError(`app client ${clientId} of pool ${poolId} has no secret`);
  return client.ClientSecret;
}

async function describeClient(cognito: CognitoIdentityProviderClient, poolId: string, clientId: string) {
  const { UserPoolClient } = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  return UserPoolClient ?? {};
}

/** The pool's Hosted UI base URL when it has a domain; undefined without one; null when there is no such pool. */
export async function poolHostedUi(cognito: CognitoIdentityProviderClient, poolId: string, region: string) {
  try {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    if (UserPool?.CustomDomain) return `https://${UserPool.CustomDomain}`;
    return UserPool?.Domain ? `https://${UserPool.Domain}.auth.${region}.amazoncognito.com` : undefined;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return null;
    throw error;
  }
}

const asDays = (value = 0, unit = 'days') => value / ({ seconds: 86400, minutes: 1440, hours: 24, days: 1 }[unit] ?? 1);
const asMinutes = (value = 0, unit = 'hours') => asDays(value, unit) * 1440;

/** What in an existing app client does not fit Alexa's account linking, one line each. */
export function appClientMisfits(client: UserPoolClientType, vendorId: string): string[] {
  const wanted = appClientSettings(vendorId);
  const missing = (have: string[] | undefined, need: string[]) => need.filter((item) => !have?.includes(item));
  const units = client.TokenValidityUnits ?? {};
  const lines = [
    ...missing(client.CallbackURLs, wanted.CallbackURLs).map((url) => `callback URL ${url} is missing`),
    ...missing(client.AllowedOAuthFlows, wanted.AllowedOAuthFlows).map(() => 'the authorization code grant is off'),
    ...missing(client.AllowedOAuthScopes, wanted.AllowedOAuthScopes).map((scope) => `scope ${scope} is not allowed`),
    ...missing(client.ReadAttributes ?? READ_ATTRIBUTES, READ_ATTRIBUTES).map((name) => `cannot read ${name}`),
  ];
  if (!client.AllowedOAuthFlowsUserPoolClient) lines.push('OAuth is not enabled for the client');
  if (!client.ClientSecret) lines.push('it has no secret (Alexa needs one; a secret can only be set on a new client)');
  if (asDays(client.RefreshTokenValidity ?? 30, units.RefreshToken) !== wanted.RefreshTokenValidity) {
    lines.push(`refresh tokens live ${asDays(client.RefreshTokenValidity ?? 30, units.RefreshToken)} days, not 3650`);
  }
  if (asMinutes(client.AccessTokenValidity ?? 1, units.AccessToken) !== wanted.AccessTokenValidity) {
    lines.push(`access tokens live ${asMinutes(client.AccessTokenValidity ?? 1, units.AccessToken)} minutes, not 60`);
  }
  return lines;
}

/** The fields UpdateUserPoolClient takes: any one left out is reset to its default, so all are sent. */
const UPDATABLE = [
  ...['ClientName', 'RefreshTokenValidity', 'AccessTokenValidity', 'IdTokenValidity', 'TokenValidityUnits'],
  ...['ReadAttributes', 'WriteAttributes', 'ExplicitAuthFlows', 'SupportedIdentityProviders', 'CallbackURLs'],
  ...['LogoutURLs', 'DefaultRedirectURI', 'AllowedOAuthFlows', 'AllowedOAuthScopes', 'AllowedOAuthFlowsUserPoolClient'],
  ...['AnalyticsConfiguration', 'PreventUserExistenceErrors', 'EnableTokenRevocation', 'AuthSessionValidity'],
  ...['EnablePropagateAdditionalUserContextData', 'RefreshTokenRotation'],
] as const;

/**
 * Checks an app client a team already has; with `fix`, adds what Alexa needs (keeping every other
 * setting and every URL, grant, scope and attribute it has) in one UpdateUserPoolClient call.
 */
export async function checkAppClient(
  cognito: CognitoIdentityProviderClient,
  ids: { poolId: string; clientId: string; vendorId: string },
  fix: boolean,
): Promise<string[]> {
  const client = await describeClient(cognito, ids.poolId, ids.clientId);
  const misfits = appClientMisfits(client, ids.vendorId);
  if (!fix || misfits.length === 0) return misfits;
  if (!client.ClientSecret) throw new CognitoSetupError(`app client ${ids.clientId} has no secret and cannot get one`);
  const wanted = appClientSettings(ids.vendorId);
  const union = (have: string[] | undefined, need: string[]) => [...new Set([...(have ?? []), ...need])];
  const kept = Object.fromEntries(
    UPDATABLE.filter((key) => client[key] !== undefined).map((key) => [key, client[key]]),
  );
  await cognito.send(
    new UpdateUserPoolClientCommand({
      ...kept,
      UserPoolId: ids.poolId,
      ClientId: ids.clientId,
      CallbackURLs: union(client.CallbackURLs, wanted.CallbackURLs),
      AllowedOAuthFlows: union(client.AllowedOAuthFlows, wanted.AllowedOAuthFlows) as 'code'[],
      AllowedOAuthScopes: union(client.AllowedOAuthScopes, wanted.AllowedOAuthScopes),
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: union(client.SupportedIdentityProviders, wanted.SupportedIdentityProviders),
      ReadAttributes: client.ReadAttributes && union(client.ReadAttributes, READ_ATTRIBUTES),
      RefreshTokenValidity: wanted.RefreshTokenValidity,
      AccessTokenValidity: wanted.AccessTokenValidity,
      IdTokenValidity: asMinutes(client.IdTokenValidity ?? 1, client.TokenValidityUnits?.IdToken),
      TokenValidityUnits: wanted.TokenValidityUnits,
    }),
  );
  return [];
}
