/**
 * DescribeUserPoolClient, answered as Cognito documents it (UserPoolClient: ClientId, ClientName,
 * ClientSecret, token validities with their units, OAuth settings, ...). Like the Admin* operations
 * it needs IAM credentials in AWS; locally any credentials are accepted on loopback.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolClient.html
 */
import { ApiInput, checkUserPool, requiredString } from './apiInput';
import { ResourceNotFoundException } from './errors';
import { AppClient, IdentityStore } from './store';
import { TokenIssuer } from './tokens';

export interface DescribeClientContext {
  store: IdentityStore;
  tokens: TokenIssuer;
  /** Redirect URIs in force for a client, including those allowed for this run only. */
  redirectUrisOf(clientId: string): string[];
}

type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';
const UNIT_SECONDS: Record<TimeUnit, number> = { days: 86400, hours: 3600, minutes: 60, seconds: 1 };

export async function describeUserPoolClient(input: ApiInput, context: DescribeClientContext) {
  checkUserPool(context.store, input);
  const clientId = requiredString(input, 'ClientId');
  const client = context.store.client(clientId);
  if (!client) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  return { UserPoolClient: userPoolClientView(client, context) };
}

function userPoolClientView(client: AppClient, { store, tokens, redirectUrisOf }: DescribeClientContext) {
  // Cognito's console defaults state access and ID tokens in minutes and refresh tokens in days;
  // lifetimes those units cannot express (a test's 4-second token) are given in a unit that can.
  const [accessValidity, accessUnit] = validity(tokens.accessTokenTtlSeconds, 'minutes');
  const [refreshValidity, refreshUnit] = validity(tokens.refreshTokenTtlSeconds, 'days');
  const epochSeconds = (ms: number | undefined) => Math.floor((ms ?? Date.now()) / 1000);
  return {
    UserPoolId: store.userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret !== undefined ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: epochSeconds(client.updatedAt),
    CreationDate: epochSeconds(client.createdAt),
    RefreshTokenValidity: refreshValidity,
    AccessTokenValidity: accessValidity,
    IdTokenValidity: accessValidity, // ID tokens live as long as access tokens here
    TokenValidityUnits: { AccessToken: accessUnit, IdToken: accessUnit, RefreshToken: refreshUnit },
    ExplicitAuthFlows: client.explicitAuthFlows,
    SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: [...new Set(redirectUrisOf(client.clientId))],
    LogoutURLs: client.logoutUrls,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: client.allowedScopes,
    AllowedOAuthFlowsUserPoolClient: true,
    // What this service does, stated as Cognito's settings for it.
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}

/** The lifetime in the preferred unit when it divides evenly, else in the largest unit that does. */
function validity(seconds: number, preferred: TimeUnit): [number, TimeUnit] {
  if (seconds % UNIT_SECONDS[preferred] === 0) return [seconds / UNIT_SECONDS[preferred], preferred];
  const unit = (Object.keys(UNIT_SECONDS) as TimeUnit[]).find((name) => seconds % UNIT_SECONDS[name] === 0);
  return [seconds / UNIT_SECONDS[unit ?? 'seconds'], unit ?? 'seconds'];
}
