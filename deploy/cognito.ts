import * as idp from '@aws-sdk/client-cognito-identity-provider';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';
import { alexaRedirectUrls, appClientFindings } from './doctor/appClientChecks';
import { OAUTH_SCOPES, StageSettings } from './settings';

/**
 * What the deploy reads and changes in Cognito beside the stack: the app client's secret (in memory,
 * for account linking), a pool's Hosted UI domain, an app client a team already has. The skill's app
 * client is defined once here, in the names Cognito's API and CloudFormation share.
 */
export class CognitoSetupError extends Error {
  name = 'CognitoSetupError';
}

export function appClientSettings(vendorId: string) {
  return {
    // Alexa redirects to one of three, by the user's region: all three belong on the app client.
    CallbackURLs: alexaRedirectUrls(vendorId),
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

/**
 * Checks an app client a team already has, as `npm run doctor` does; with `fix`, adds what Alexa
 * needs in one UpdateUserPoolClient call. That call resets every field it is not given, so it gets
 * them all: the client's own, Alexa's URLs, grant, scopes and attributes added to its lists.
 */
export async function checkAppClient(
  cognito: idp.CognitoIdentityProviderClient,
  settings: StageSettings,
  { poolId, clientId }: { poolId: string; clientId: string },
  fix: boolean,
): Promise<string[]> {
  const client = await describeClient(cognito, poolId, clientId);
  const failed = appClientFindings(settings, client).filter((finding) => finding.status === 'fail');
  const misfits = failed.map((finding) => `${finding.check}: ${finding.text}`);
  if (!fix || misfits.length === 0) return misfits;
  if (!client.ClientSecret) throw new CognitoSetupError(`app client ${clientId} has no secret and cannot get one`);
  const wanted = appClientSettings(settings.vendorId);
  const union = <T>(have: T[] = [], need: T[]) => [...new Set([...have, ...need])];
  // All fields but the read-only ones.
  const { ClientSecret: _secret, CreationDate: _created, LastModifiedDate: _modified, ...updatable } = client;
  const update = new idp.UpdateUserPoolClientCommand({
    ...updatable,
    UserPoolId: poolId,
    ClientId: clientId,
    CallbackURLs: union(client.CallbackURLs, wanted.CallbackURLs),
    AllowedOAuthFlows: union(client.AllowedOAuthFlows, wanted.AllowedOAuthFlows),
    AllowedOAuthScopes: union(client.AllowedOAuthScopes, wanted.AllowedOAuthScopes),
    AllowedOAuthFlowsUserPoolClient: true,
    ReadAttributes: client.ReadAttributes && union(client.ReadAttributes, wanted.ReadAttributes),
    RefreshTokenValidity: wanted.RefreshTokenValidity,
    AccessTokenValidity: wanted.AccessTokenValidity,
    // The ID token keeps its lifetime, in its own unit (Cognito's default: hours).
    TokenValidityUnits: { ...wanted.TokenValidityUnits, IdToken: client.TokenValidityUnits?.IdToken ?? 'hours' },
  });
  await cognito.send(update);
  return [];
}
