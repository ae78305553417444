import * as idp from '@aws-sdk/client-cognito-identity-provider';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';
import { OAUTH_SCOPES } from './settings';

/**
 * What the deploy reads and changes in Cognito beside the stack: the app client's secret (in memory,
 * for account linking), a pool's Hosted UI domain, and the fit of an app client a team already has.
 * The skill's app client is defined once here, in the names Cognito's API and CloudFormation share.
 */
export class CognitoSetupError extends Error {
  name = 'CognitoSetupError';
}

/** Alexa redirects to one of these, by the user's region: all three belong on the app client. */
const ALEXA_HOSTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'];

export function appClientSettings(vendorId: string) {
  return {
    CallbackURLs: ALEXA_HOSTS.map((host) => `https://${host}/api/skill/link/${vendorId}`),
    AllowedOAuthFlows: ['code' as const],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: [...OAUTH_SCOPES] as string[],
    SupportedIdentityProviders: ['COGNITO'],
    // The attributes the skill reads (src/profileFields.ts).
    ReadAttributes: [...PROFILE_ATTRIBUTES] as string[],
    // Cognito's default is 30 days: users would be unlinked without notice every month, when Alexa's
    // refresh fails. 3650 days (the maximum) is what Amazon's own sample uses.
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

async function describeClient(cognito: idp.CognitoIdentityProviderClient, UserPoolId: string, ClientId: string) {
  const { UserPoolClient } = await cognito.send(new idp.DescribeUserPoolClientCommand({ UserPoolId, ClientId }));
  return UserPoolClient ?? {};
}

/** The app client's secret, read for one request and kept in memory only: Cognito is where it lives. */
export async function readClientSecret(cognito: idp.CognitoIdentityProviderClient, poolId: string, clientId: string) {
  const { ClientSecret } = await describeClient(cognito, poolId, clientId);
  if (!ClientSecret) throw new CognitoSetupError(`app client ${clientId} of pool ${poolId} has no secret`);
  return ClientSecret;
}

/** The pool's Hosted UI base URL; undefined when it has no domain, null when there is no such pool. */
export async function poolHostedUi(cognito: idp.CognitoIdentityProviderClient, UserPoolId: string, region: string) {
  const pool = await cognito.send(new idp.DescribeUserPoolCommand({ UserPoolId })).then(
    ({ UserPool }) => UserPool ?? {},
    (error) => (error.name === 'ResourceNotFoundException' ? null : Promise.reject(error)),
  );
  if (pool?.CustomDomain) return `https://${pool.CustomDomain}`;
  return pool && (pool.Domain ? `https://${pool.Domain}.auth.${region}.amazoncognito.com` : undefined);
}

const DAYS = { seconds: 1 / 86400, minutes: 1 / 1440, hours: 1 / 24, days: 1 };
const days = (value: number, unit = 'days') => value * DAYS[unit as keyof typeof DAYS];

/** What in an app client does not fit Alexa's account linking, a line each (Cognito's defaults where unset). */
export function appClientMisfits(client: idp.UserPoolClientType, vendorId: string): string[] {
  const wanted = appClientSettings(vendorId);
  const missing = (have: string[] = [], need: string[]) => need.filter((item) => !have.includes(item));
  const refreshDays = days(client.RefreshTokenValidity ?? 30, client.TokenValidityUnits?.RefreshToken);
  const accessMinutes = days(client.AccessTokenValidity ?? 1, client.TokenValidityUnits?.AccessToken ?? 'hours') * 1440;
  return [
    ...missing(client.CallbackURLs, wanted.CallbackURLs).map((url) => `callback URL ${url} is missing`),
    ...missing(client.AllowedOAuthFlows, wanted.AllowedOAuthFlows).map(() => 'the authorization code grant is off'),
    ...missing(client.AllowedOAuthScopes, wanted.AllowedOAuthScopes).map((scope) => `scope ${scope} is not allowed`),
    // No ReadAttributes at all means all are readable.
    ...missing(client.ReadAttributes ?? wanted.ReadAttributes, wanted.ReadAttributes).map((a) => `cannot read ${a}`),
    ...(client.AllowedOAuthFlowsUserPoolClient ? [] : ['OAuth is off for the client']),
    ...(client.ClientSecret ? [] : ['it has no secret (Alexa needs one; only a new client can get one)']),
    ...(refreshDays === 3650 ? [] : [`refresh tokens live ${refreshDays} days, not 3650`]),
    ...(accessMinutes === 60 ? [] : [`access tokens live ${accessMinutes} minutes, not 60`]),
  ];
}

/**
 * Checks an app client a team already has; with `fix`, adds what Alexa needs in one
 * UpdateUserPoolClient call. That call resets every field it is not given, so it is given all of
 * them: the client's own, with Alexa's URLs, grant, scopes and attributes added to its lists.
 */
export async function checkAppClient(
  cognito: idp.CognitoIdentityProviderClient,
  ids: { poolId: string; clientId: string; vendorId: string },
  fix: boolean,
): Promise<string[]> {
  const client = await describeClient(cognito, ids.poolId, ids.clientId);
  const misfits = appClientMisfits(client, ids.vendorId);
  if (!fix || misfits.length === 0) return misfits;
  if (!client.ClientSecret) throw new CognitoSetupError(`app client ${ids.clientId} has no secret and cannot get one`);
  const wanted = appClientSettings(ids.vendorId);
  const union = <T>(have: T[] = [], need: T[]) => [...new Set([...have, ...need])];
  // All fields but the read-only ones.
  const { ClientSecret: _secret, CreationDate: _created, LastModifiedDate: _modified, ...updatable } = client;
  await cognito.send(
    new idp.UpdateUserPoolClientCommand({
      ...updatable,
      UserPoolId: ids.poolId,
      ClientId: ids.clientId,
      CallbackURLs: union(client.CallbackURLs, wanted.CallbackURLs),
      AllowedOAuthFlows: union(client.AllowedOAuthFlows, wanted.AllowedOAuthFlows),
      AllowedOAuthScopes: union(client.AllowedOAuthScopes, wanted.AllowedOAuthScopes),
      AllowedOAuthFlowsUserPoolClient: true,
      ReadAttributes: client.ReadAttributes && union(client.ReadAttributes, wanted.ReadAttributes),
      RefreshTokenValidity: wanted.RefreshTokenValidity,
      AccessTokenValidity: wanted.AccessTokenValidity,
      IdTokenValidity: days(client.IdTokenValidity ?? 1, client.TokenValidityUnits?.IdToken ?? 'hours') * 1440,
      TokenValidityUnits: wanted.TokenValidityUnits,
    }),
  );
  return [];
}
