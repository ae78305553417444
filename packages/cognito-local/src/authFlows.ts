/**
 * The user-facing Cognito operations: InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH),
 * RespondToAuthChallenge (NEW_PASSWORD_REQUIRED), GetUser, GlobalSignOut and RevokeToken.
 * Like Cognito, none of them needs AWS credentials: a token or the client's secret hash authorises them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { ApiInput, clientOf, optionalString, requiredString, stringMap } from './apiInput';
import { InvalidParameterException, MESSAGES, NotAuthorizedException } from './errors';
import { secretMatches } from './clientAuthentication';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords';
import { secretsEqual } from './secrets';
import { AppClient, IdentityStore, PoolUser } from './store';
import { ADMIN_SCOPE, TokenIssuer } from './tokens';

export interface AuthContext {
  store: IdentityStore;
  tokens: TokenIssuer;
}

/** Sessions of NEW_PASSWORD_REQUIRED challenges; short-lived and in memory, as they are in Cognito. */
const CHALLENGE_TTL_MS = 3 * 60 * 1000;
const challenges = new Map<string, { username: string; clientId: string; expiresAt: number }>();

export async function initiateAuth(input: ApiInput, { store, tokens }: AuthContext) {
  const flow = requiredString(input, 'AuthFlow');
  const client = clientOf(store, requiredString(input, 'ClientId'));
  const parameters = stringMap(input, 'AuthParameters');
  if (flow === 'USER_PASSWORD_AUTH') {
    if (!client.explicitAuthFlows.includes('ALLOW_USER_PASSWORD_AUTH')) {
      throw new InvalidParameterException('USER_PASSWORD_AUTH flow not enabled for this client');
    }
    return passwordSignIn(client, parameters, store, tokens);
  }
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN')
    return refreshSignIn(client, parameters, store, tokens);
  throw new InvalidParameterException(
    `AuthFlow ${flow} is not supported by the local identity service (use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH)`,
  );
}

async function passwordSignIn(
  client: AppClient,
  parameters: Record<string, string>,
  store: IdentityStore,
  tokens: TokenIssuer,
) {
  const username = requiredString(parameters, 'USERNAME');
  const password = requiredString(parameters, 'PASSWORD');
  checkSecretHash(client, [username], parameters.SECRET_HASH);
  const user = store.user(username);
  // Unknown user and wrong password read the same (Cognito's PreventUserExistenceErrors, on by default).
  if (!(await verifyPassword(password, user?.passwordHash)) || !user) {
    throw new NotAuthorizedException(MESSAGES.incorrectCredentials);
  }
  if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = randomBytes(32).toString('base64url');
    challenges.set(session, {
      username: user.username,
      clientId: client.clientId,
      expiresAt: Date.now() + CHALLENGE_TTL_MS,
    });
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: '{}' },
    };
  }
  return authenticationResult(await tokens.signIn(user, client.clientId, [ADMIN_SCOPE]));
}

async function refreshSignIn(
  client: AppClient,
  parameters: Record<string, string>,
  store: IdentityStore,
  tokens: TokenIssuer,
) {
  const session = store.sessionByRefreshToken(requiredString(parameters, 'REFRESH_TOKEN'));
  if (!session || session.clientId !== client.clientId || session.refreshTokenExpiresAt < Date.now()) {
    throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
  }
  // For refresh, Cognito accepts the hash over the username or the sub (clients often only keep the sub).
  checkSecretHash(client, [session.username, session.sub], parameters.SECRET_HASH);
  // A disabled user hears so (as from GetUser); a signed-out or deleted one that the token is revoked.
  const user = store.user(session.username);
  if (user && user.sub === session.sub && !user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
  if (session.revoked || !user || user.sub !== session.sub) {
    throw new NotAuthorizedException(MESSAGES.refreshTokenRevoked);
  }
  // Cognito does not rotate refresh tokens: the response carries none.
  return authenticationResult(await tokens.tokensFor(user, session));
}

export async function respondToAuthChallenge(input: ApiInput, { store, tokens }: AuthContext) {
  const client = clientOf(store, requiredString(input, 'ClientId'));
  if (requiredString(input, 'ChallengeName') !== 'NEW_PASSWORD_REQUIRED') {
    throw new InvalidParameterException('Only the NEW_PASSWORD_REQUIRED challenge is supported locally');
  }
  const responses = stringMap(input, 'ChallengeResponses');
  const challenge = challenges.get(requiredString(input, 'Session'));
  if (!challenge || challenge.clientId !== client.clientId || challenge.expiresAt < Date.now()) {
    throw new NotAuthorizedException('Invalid session for the user, session is expired.');
  }
  checkSecretHash(client, [challenge.username], responses.SECRET_HASH);
  const newPassword = requiredString(responses, 'NEW_PASSWORD');
  checkPasswordPolicy(newPassword);
  challenges.delete(requiredString(input, 'Session'));
  const user = liveUser(store, challenge.username);
  store.putUser({ ...user, passwordHash: await hashPassword(newPassword), status: 'CONFIRMED', updatedAt: Date.now() });
  return authenticationResult(await tokens.signIn(liveUser(store, user.username), client.clientId, [ADMIN_SCOPE]));
}

export async function getUser(input: ApiInput, { tokens }: AuthContext) {
  const { claims, user } = await tokens.authenticate(requiredString(input, 'AccessToken'));
  requireAdminScope(claims.scope);
  return { Username: user.username, UserAttributes: attributesOf(user) };
}

export async function globalSignOut(input: ApiInput, { store, tokens }: AuthContext) {
  const { claims, user } = await tokens.authenticate(requiredString(input, 'AccessToken'));
  requireAdminScope(claims.scope);
  store.revokeSessionsOf(user.username);
  return {};
}

export async function revokeToken(input: ApiInput, { store }: AuthContext) {
  const client = clientOf(store, requiredString(input, 'ClientId'));
  if (client.clientSecret && !secretMatches(client.clientSecret, [optionalString(input, 'ClientSecret') ?? ''])) {
    throw new NotAuthorizedException(
      `Client ${client.clientId} is configured with secret but ClientSecret is wrong or missing`,
    );
  }
  revokeRefreshToken(store, client, requiredString(input, 'Token'));
  return {};
}

/** RFC 7009 semantics (shared with /oauth2/revoke): unknown tokens are not an error. */
export function revokeRefreshToken(store: IdentityStore, client: AppClient, token: string): void {
  const session = store.sessionByRefreshToken(token);
  if (session && session.clientId === client.clientId && !session.revoked) store.revokeSession(session);
}

export function attributesOf(user: PoolUser): Array<{ Name: string; Value: string }> {
  return [
    { Name: 'sub', Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
}

function authenticationResult(issued: {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn: number;
}) {
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      AccessToken: issued.accessToken,
      ExpiresIn: issued.expiresIn,
      TokenType: 'Bearer',
      IdToken: issued.idToken,
      ...(issued.refreshToken ? { RefreshToken: issued.refreshToken } : {}),
    },
  };
}

function liveUser(store: IdentityStore, username: string): PoolUser {
  const user = store.user(username);
  if (!user) throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
  if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
  return user;
}

function requireAdminScope(scope: string): void {
  if (!scope.split(' ').includes(ADMIN_SCOPE)) throw new NotAuthorizedException(MESSAGES.missingScope);
}

/** SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username + clientId)), required when the client has a secret. */
function checkSecretHash(client: AppClient, usernames: string[], secretHash: string | undefined): void {
  if (!client.clientSecret) return;
  if (!secretHash) {
    throw new NotAuthorizedException(
      `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
    );
  }
  const matches = usernames.some((username) =>
    secretsEqual(
      createHmac('sha256', client.clientSecret as string)
        .update(username + client.clientId)
        .digest('base64'),
      secretHash,
    ),
  );
  if (!matches) throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.clientId}`);
}
