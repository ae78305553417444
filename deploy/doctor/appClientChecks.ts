import type * as Cognito from '@aws-sdk/client-cognito-identity-provider';
import { PROFILE_ATTRIBUTES } from '../../src/profileFields';
import { OAUTH_SCOPES, StageSettings } from '../settings';
import { check, Finding, note, pass, skip } from './report';

/** Where Alexa sends the browser back after sign-in: one host per Alexa region, with the vendor id. */
const ALEXA_REGIONS = {
  'pitangui.amazon.com': 'North America',
  'layla.amazon.com': 'Europe and India',
  'alexa.amazon.co.jp': 'the Far East',
};
export const alexaRedirectUrls = (vendorId: string) =>
  Object.keys(ALEXA_REGIONS).map((host) => `https://${host}/api/skill/link/${vendorId}`);
export const regionOf = (url: string) => ALEXA_REGIONS[new URL(url).host as keyof typeof ALEXA_REGIONS];

/** Alexa's minimum for access tokens (Cognito itself allows 5 minutes). */
const ACCESS_TOKEN_MIN_SECONDS = 6 * 60;
/** Enough: Cognito's longest, as Amazon's sample sets. Use does not extend it; once it expires, users must relink. */
const REFRESH_TOKEN_DAYS = 3650;
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** A token's lifetime from the client's validity and unit; left out, Cognito's defaults (1 hour, 30 days). */
function lifetime(client: Cognito.UserPoolClientType, token: 'AccessToken' | 'RefreshToken'): number {
  const [value, unit, fallback] =
    token === 'AccessToken' ? [client.AccessTokenValidity, 'hours', 1] : [client.RefreshTokenValidity, 'days', 30];
  return (value || fallback) * UNIT_SECONDS[(value && client.TokenValidityUnits?.[token]) || unit];
}
const spoken = (seconds: number) => (seconds >= 86400 ? `${seconds / 86400} days` : `${seconds / 60} minutes`);

/** The app client's settings against what Alexa's account linking and the skill need. */
export function appClientFindings({ stage, vendorId }: StageSettings, client: Cognito.UserPoolClientType): Finding[] {
  const fix = (what: string) =>
    `${what} (Cognito console: App clients, ${client.ClientName}), or run \`npm run deploy -- --stage ${stage} --fix-app-client\`.`;
  const missing = alexaRedirectUrls(vendorId).filter((url) => !client.CallbackURLs?.includes(url));
  const flows = (client.AllowedOAuthFlowsUserPoolClient && client.AllowedOAuthFlows?.join(', ')) || 'no OAuth flow';
  const scopes = OAUTH_SCOPES.filter((scope) => !client.AllowedOAuthScopes?.includes(scope));
  const [access, refresh] = [lifetime(client, 'AccessToken'), lifetime(client, 'RefreshToken')];
  // Without ReadAttributes, Cognito lets the client read every attribute.
  const unreadable = PROFILE_ATTRIBUTES.filter((name) => !(client.ReadAttributes ?? [name]).includes(name));
  return [
    check(
      'redirect URLs',
      missing.length > 0 &&
        `the app client does not allow ${missing.join(', ')}: users in ${missing.map(regionOf).join(', ')} cannot link.`,
      `all three Alexa regions, vendor ${vendorId}`,
      fix(`allow Alexa's three redirect URLs for your vendor id (app.json stages.${stage}.vendorId) as callback URLs`),
    ),
    check(
      'code grant',
      !flows.split(', ').includes('code') &&
        `the app client allows ${flows}: Alexa's account linking needs the authorization code grant.`,
      'authorization code grant allowed',
      fix('turn on the "Authorization code grant"'),
    ),
    check(
      'scopes',
      scopes.length > 0 &&
        `the app client does not allow ${scopes.join(', ')}: Cognito refuses Alexa's request${scopes.includes('aws.cognito.signin.user.admin') ? ', and GetUser answers 400' : ''}.`,
      OAUTH_SCOPES.join(', '),
      fix(`allow the scopes ${OAUTH_SCOPES.join(', ')}`),
    ),
    check(
      'client secret',
      !client.ClientSecret && 'the app client has no secret: Alexa authenticates with one at the token endpoint.',
      'present (read, never printed)',
      `name an app client with a secret in app.json stages.${stage}.appClientId, or leave appClientId out and deploy to have the skill's own made.`,
    ),
    check(
      'access token lifetime',
      access < ACCESS_TOKEN_MIN_SECONDS && `access tokens live ${spoken(access)}; Alexa needs at least 6 minutes.`,
      spoken(access),
      fix('set the access token expiration to 60 minutes'),
    ),
    check(
      'refresh token lifetime',
      refresh < REFRESH_TOKEN_DAYS * 86400 &&
        `refresh tokens live ${spoken(refresh)}: every user is unlinked ${spoken(refresh)} after linking, when Alexa can no longer refresh.`,
      `${spoken(refresh)} (enough: ${REFRESH_TOKEN_DAYS} days)`,
      fix(`set the refresh token expiration to ${REFRESH_TOKEN_DAYS} days`),
    ),
    check(
      'profile attributes',
      unreadable.length > 0 &&
        `the app client cannot read ${unreadable.join(', ')}: GetUser leaves it out and the skill says it does not know.`,
      `readable: ${PROFILE_ATTRIBUTES.join(', ')}`,
      fix(`allow reading ${PROFILE_ATTRIBUTES.join(', ')}`),
    ),
  ];
}

/** The pool's domain, its feature plan (when the skill needs one) and how its users sign in. */
export function poolFindings(
  settings: StageSettings,
  pool: Cognito.UserPoolType,
  domain: Cognito.DomainDescriptionType,
) {
  const name = pool.CustomDomain ?? pool.Domain;
  const version = domain.ManagedLoginVersion === 2 ? 'managed login' : 'hosted UI (classic)';
  const tier = pool.UserPoolTier ?? 'LITE';
  const signIn = pool.UsernameAttributes?.join(' or ');
  return [
    check(
      'domain',
      (!name && 'the user pool has no domain, so there is no sign-in page for Alexa to open.') ||
        (domain.Status !== 'ACTIVE' &&
          `domain ${name} is ${domain.Status ?? 'unknown to DescribeUserPoolDomain'}, not ACTIVE.`),
      `${name}, ${version}`,
      'add a Cognito domain to the pool (console: Branding, Domain), or deploy: it adds one to a pool without; a new domain needs a minute to become ACTIVE.',
    ),
    settings.accessTokenProfileClaims
      ? check(
          'feature plan',
          !['ESSENTIALS', 'PLUS'].includes(tier) &&
            `the pool is on the ${tier} plan; profile claims in access tokens need Essentials or Plus.`,
          `${tier}, as profile claims in access tokens need`,
          `switch the pool's feature plan to Essentials (console: Settings), or set app.json stages.${settings.stage}.accessTokenProfileClaims to false.`,
        )
      : skip('feature plan', `not needed (app.json accessTokenProfileClaims is off), plan ${tier}`),
    signIn
      ? note(
          'sign-in names',
          `users sign in with their ${signIn}, so Cognito makes usernames UUIDs: the skill never says one; it says preferred_username when set, else the ${signIn} they sign in with.`,
        )
      : pass('sign-in names', 'users sign in with usernames they pick'),
  ];
}
