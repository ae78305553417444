/**
 * App clients as Cognito keeps them: stored in the UserPoolClient shape DescribeUserPoolClient returns,
 * made from CreateUserPoolClient or UpdateUserPoolClient input with Cognito's checks and its defaults
 * for every field the input leaves out (UpdateUserPoolClient replaces the whole client: "If you don't
 * provide a value for an attribute, Amazon Cognito sets it to its default value").
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
 */
import { randomInt } from 'node:crypto';
import { ApiInput, optional, requiredString, stringList } from './apiInput';
import { InvalidOAuthFlowException, InvalidParameterException, ScopeDoesNotExistException } from './errors';
import type { PoolUser } from './store';

const AUTH_FLOWS = (
  'ADMIN_NO_SRP_AUTH CUSTOM_AUTH_FLOW_ONLY USER_PASSWORD_AUTH ALLOW_ADMIN_USER_PASSWORD_AUTH ALLOW_CUSTOM_AUTH ' +
  'ALLOW_USER_PASSWORD_AUTH ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH'
).split(' ');
const DEFAULT_AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
type Token = 'AccessToken' | 'IdToken' | 'RefreshToken';
type ValidityUnits = Partial<Record<Token, keyof typeof UNIT_SECONDS>>;
// API reference: access and ID tokens live 5 minutes to 1 day (unit hours unless given), refresh tokens
// 60 minutes to 10 years (unit days); left out, 1 hour, 1 hour and 30 days.
const VALIDITY = {
  AccessToken: { field: 'AccessTokenValidity', unit: 'hours', min: 300, max: 86400, fallback: 3600 },
  IdToken: { field: 'IdTokenValidity', unit: 'hours', min: 300, max: 86400, fallback: 3600 },
  RefreshToken: { field: 'RefreshTokenValidity', unit: 'days', min: 3600, max: 3650 * 86400, fallback: 30 * 86400 },
} as const;

export type AppClient = ReturnType<typeof clientSettings> & {
  ClientId: string;
  ClientName: string;
  /** Kept in clear, as Cognito returns it: it keys SECRET_HASH and is compared on every token request. */
  ClientSecret?: string;
  CreationDate: number;
  LastModifiedDate: number;
};

/** Cognito's shapes: client ids of 26, generated secrets of 51-52 lowercase letters and digits (CSPRNG). */
const randomId = (length: number) =>
  Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('');

export const epochSeconds = (ms: number) => Math.floor(ms / 1000);

export function newClient(input: ApiInput, now: number): AppClient {
  const secret = optional(input, 'GenerateSecret', 'boolean') ? { ClientSecret: randomId(52) } : {};
  const dates = { CreationDate: epochSeconds(now), LastModifiedDate: epochSeconds(now) };
  const settings = clientSettings(input, secret.ClientSecret !== undefined);
  return { ClientId: randomId(26), ClientName: requiredString(input, 'ClientName'), ...secret, ...dates, ...settings };
}

/** UpdateUserPoolClient: the id, secret and creation date stay; every setting is taken from the input. */
export function updatedClient(client: AppClient, input: ApiInput, now: number): AppClient {
  const { ClientId, ClientSecret, CreationDate } = client;
  const ClientName = optional(input, 'ClientName', 'string') ?? client.ClientName;
  const settings = clientSettings(input, ClientSecret !== undefined);
  return { ClientId, ClientName, ClientSecret, CreationDate, LastModifiedDate: epochSeconds(now), ...settings };
}

function clientSettings(input: ApiInput, hasSecret: boolean) {
  const list = (name: string, allowed?: string[]) => stringList(input, name, allowed) ?? [];
  const flag = (name: string) => optional(input, name, 'boolean');
  const number = (name: string) => optional(input, name, 'number');
  const settings = {
    ExplicitAuthFlows: stringList(input, 'ExplicitAuthFlows', AUTH_FLOWS) ?? DEFAULT_AUTH_FLOWS,
    ReadAttributes: stringList(input, 'ReadAttributes'),
    WriteAttributes: stringList(input, 'WriteAttributes'),
    AccessTokenValidity: number('AccessTokenValidity') || undefined,
    IdTokenValidity: number('IdTokenValidity') || undefined,
    RefreshTokenValidity: number('RefreshTokenValidity') || 30,
    TokenValidityUnits: (input.TokenValidityUnits ?? undefined) as ValidityUnits | undefined,
    SupportedIdentityProviders: list('SupportedIdentityProviders', ['COGNITO']),
    CallbackURLs: list('CallbackURLs'),
    LogoutURLs: list('LogoutURLs'),
    AllowedOAuthFlows: list('AllowedOAuthFlows', ['implicit', 'client_credentials', 'code']),
    AllowedOAuthScopes: list('AllowedOAuthScopes'),
    AllowedOAuthFlowsUserPoolClient: flag('AllowedOAuthFlowsUserPoolClient') ?? false,
    PreventUserExistenceErrors:
      optional(input, 'PreventUserExistenceErrors', 'string', ['ENABLED', 'LEGACY']) ?? 'LEGACY',
    EnableTokenRevocation: flag('EnableTokenRevocation') ?? true,
    EnablePropagateAdditionalUserContextData: flag('EnablePropagateAdditionalUserContextData') ?? false,
    AuthSessionValidity: number('AuthSessionValidity') ?? 3,
  };
  checkSettings(settings, hasSecret);
  return settings;
}

/** Cognito's rules between settings, each with the error Cognito answers when it is broken. */
function checkSettings(client: ReturnType<typeof clientSettings>, hasSecret: boolean): void {
  const { AllowedOAuthFlowsUserPoolClient: oauth, AllowedOAuthFlows: flows, AllowedOAuthScopes: scopes } = client;
  const unknownScope = scopes.find((scope) => !SCOPES.includes(scope));
  if (!client.ExplicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
    throw invalid('REFRESH_TOKEN_AUTH should always be allowed.');
  }
  for (const kind of ['Read', 'Write'] as const) {
    if (!(client[`${kind}Attributes`] ?? []).every(isKnownAttribute)) {
      throw invalid(`Invalid ${kind.toLowerCase()} attributes specified while creating a client`);
    }
  }
  if (unknownScope !== undefined) throw new ScopeDoesNotExistException(`Invalid scope requested: ${unknownScope}`);
  // "[AllowedOAuthFlowsUserPoolClient] must have a value of true before you can configure ... AllowedOAuthScopes,
  // AllowedOAuthFlows"; with it true, both are required.
  if (!oauth && (flows.length > 0 || scopes.length > 0)) {
    throw oauthFlow('AllowedOAuthFlowsUserPoolClient must be true to configure OAuth flows and scopes.');
  }
  if (oauth && (flows.length === 0 || scopes.length === 0)) {
    throw oauthFlow(
      'AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.',
    );
  }
  if (flows.some((flow) => flow !== 'client_credentials') && client.CallbackURLs.length === 0) {
    throw oauthFlow('CallbackUrls can not be empty when code flow or implicit flow is selected');
  }
  if (flows.includes('client_credentials') && !hasSecret) {
    throw oauthFlow('client_credentials flow can not be selected if client does not have a client secret.');
  }
  for (const [token, rule] of Object.entries(VALIDITY) as Array<[Token, (typeof VALIDITY)[Token]]>) {
    const unit = client.TokenValidityUnits?.[token] ?? rule.unit;
    const value = client[rule.field];
    if (!(unit in UNIT_SECONDS))
      throw invalid(`Value '${unit}' at 'tokenValidityUnits.${token}' is not seconds, minutes, hours or days`);
    const seconds = (value ?? 0) * UNIT_SECONDS[unit];
    if (value !== undefined && (seconds < rule.min || seconds > rule.max))
      throw invalid('Invalid range for token validity.');
  }
}

const invalid = (message: string) => new InvalidParameterException(message);
const oauthFlow = (message: string) => new InvalidOAuthFlowException(message);

/** Lifetime in seconds of one of the client's tokens, from its validity and unit (or the default). */
export function lifetimeSeconds(client: AppClient, token: Token): number {
  const rule = VALIDITY[token];
  const value = client[rule.field];
  return value ? value * UNIT_SECONDS[client.TokenValidityUnits?.[token] ?? rule.unit] : rule.fallback;
}

/** DescribeUserPoolClient's UserPoolClient: settings left empty are left out, as Cognito leaves them out. */
export function describeClient(client: AppClient, userPoolId: string, callbackUrls: string[]) {
  const view: Record<string, unknown> = { UserPoolId: userPoolId, ...client, CallbackURLs: callbackUrls };
  for (const [name, value] of Object.entries(view)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete view[name];
  }
  return view;
}

/**
 * A user's attributes as an app client may see them. Cognito: an access token lets its user read
 * "any attribute in [the client's] ReadAttributes"; a client without ReadAttributes reads the standard
 * attributes; sub is always there. /oauth2/userInfo further releases attributes by the token's scopes:
 * openid alone, everything readable; profile, the profile attributes; email, email and email_verified;
 * phone, phone_number and phone_number_verified (aws.cognito.signin.user.admin changes nothing).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 */
const BY_SCOPE: Record<string, string[]> = {
  profile:
    'name given_name family_name middle_name nickname preferred_username profile picture website gender birthdate zoneinfo locale updated_at'.split(
      ' ',
    ),
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
};
/** A user pool's standard attributes, as DescribeUserPool lists them in SchemaAttributes. */
export const STANDARD_ATTRIBUTES = ['sub', 'identities', ...Object.values(BY_SCOPE).flat()];
export const isKnownAttribute = (name: string) => STANDARD_ATTRIBUTES.includes(name) || name.startsWith('custom:');

export const readableAttributes = ({ sub, attributes }: PoolUser, client: AppClient): Record<string, string> => ({
  sub,
  ...Object.fromEntries(Object.entries(attributes).filter(([name]) => client.ReadAttributes?.includes(name) ?? true)),
});

/** What /oauth2/userInfo releases for an access token with these scopes (openid is checked by the caller). */
export function releasedByScopes(readable: Record<string, string>, scopes: string[]): Record<string, string> {
  const scoped = scopes.filter((scope) => scope in BY_SCOPE);
  if (scoped.length === 0) return readable;
  const released = new Set(['sub', ...scoped.flatMap((scope) => BY_SCOPE[scope])]);
  const custom = (name: string) => name.startsWith('custom:') && scoped.includes('profile'); // "also custom attributes"
  return Object.fromEntries(Object.entries(readable).filter(([name]) => released.has(name) || custom(name)));
}

export const attributeList = (attributes: Record<string, string>) =>
  Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
