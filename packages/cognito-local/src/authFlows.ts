/**
 * The user-facing Cognito operations: InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH),
 * RespondToAuthChallenge (NEW_PASSWORD_REQUIRED), GetUser, GlobalSignOut and RevokeToken.
 * Like Cognito, none of them needs AWS credentials: a token or the client's secret hash authorises them.
 */
import { randomBytes } from 'node:crypto';
import { ApiInput, clientOf, optional, requiredString, stringMap } from './apiInput';
import { AppClient, attributeList, readableAttributes } from './appClients';
import { secretMatches } from './clientAuthentication';
import { InvalidParameterException, MESSAGES, NotAuthorizedException, UserNotFoundException } from './errors';
import { checkPasswordPolicy, hashPassword, secretHashOf, secretsEqual, verifyPassword } from './passwords';
import type { ServiceContext } from './index';
import { IdentityStore } from './store';
import { ADMIN_SCOPE, IssuedTokens } from './tokens';

/** Sessions of NEW_PASSWORD_REQUIRED challenges; short-lived and in memory, as they are in Cognito. */
const CHALLENGE_TTL_MS = 3 * 60 * 1000;
const challenges = new Map<string, { username: string; clientId: string; expiresAt: number }>();

export async function initiateAuth(input: ApiInput, context: ServiceContext) {
  const flow = requiredString(input, 'AuthFlow');
  const client = clientOf(context.store, requiredString(input, 'ClientId'));
  const parameters = stringMap(input, 'AuthParameters');
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
    const { session, user } = context.tokens.refreshSession(requiredString(parameters, 'REFRESH_TOKEN'), client);
    // For refresh, Cognito accepts the hash over the username or the sub (clients often only keep the sub).
    checkSecretHash(client, [session.username, session.sub], parameters.SECRET_HASH);
    return authenticationResult(await context.tokens.tokensFor(user, client, session));
  }
  if (flow !== 'USER_PASSWORD_AUTH') {
    throw new InvalidParameterException(`AuthFlow ${flow} is not supported locally (only USER_PASSWORD_AUTH)`);
  }
  if (!client.ExplicitAuthFlows.some((allowed) => /^(ALLOW_)?USER_PASSWORD_AUTH$/.test(allowed))) {
    throw new InvalidParameterException('USER_PASSWORD_AUTH flow not enabled for this client');
  }
  const username = requiredString(parameters, 'USERNAME');
  checkSecretHash(client, [username, context.store.user(username)?.username ?? username], parameters.SECRET_HASH);
  const user = await checkPassword(context, client, username, requiredString(parameters, 'PASSWORD'));
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const Session = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + CHALLENGE_TTL_MS;
    challenges.set(Session, { username: user.username, clientId: client.ClientId, expiresAt });
    const ChallengeParameters = { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: '{}' };
    return { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session, ChallengeParameters };
  }
  return authenticationResult(await context.tokens.signIn(user, client, [ADMIN_SCOPE]));
}

/**
 * A password check with Cognito's lockout (lockout.ts), shared with the Hosted UI. An unknown user reads
 * like a wrong password (PreventUserExistenceErrors ENABLED); a LEGACY client hears that the user does not exist.
 */
export async function checkPassword(context: ServiceContext, client: AppClient, username: string, password: string) {
  const user = context.store.user(username);
  const who = user?.username ?? username;
  context.lockout.check(who);
  if (!(await verifyPassword(password, user?.passwordHash)) || !user) {
    context.lockout.failed(who);
    if (!user && client.PreventUserExistenceErrors === 'LEGACY') throw new UserNotFoundException(MESSAGES.userNotFound);
    throw new NotAuthorizedException(MESSAGES.incorrectCredentials);
  }
  context.lockout.succeeded(who);
  if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
  return user;
}

export async function respondToAuthChallenge(input: ApiInput, { store, tokens }: ServiceContext) {
  const client = clientOf(store, requiredString(input, 'ClientId'));
  if (requiredString(input, 'ChallengeName') !== 'NEW_PASSWORD_REQUIRED') {
    throw new InvalidParameterException('Only the NEW_PASSWORD_REQUIRED challenge is supported locally');
  }
  const responses = stringMap(input, 'ChallengeResponses');
  const challenge = challenges.get(requiredString(input, 'Session'));
  if (!challenge || challenge.clientId !== client.ClientId || challenge.expiresAt < Date.now()) {
    throw new NotAuthorizedException('Invalid session for the user, session is expired.');
  }
  checkSecretHash(client, [challenge.username, responses.USERNAME ?? ''], responses.SECRET_HASH);
  const newPassword = requiredString(responses, 'NEW_PASSWORD');
  checkPasswordPolicy(newPassword);
  challenges.delete(requiredString(input, 'Session'));
  const user = store.user(challenge.username);
  if (!user?.enabled) throw new NotAuthorizedException(user ? MESSAGES.userDisabled : MESSAGES.userNotFound);
  const changed = { ...user, passwordHash: await hashPassword(newPassword), status: 'CONFIRMED' as const };
  store.putUser({ ...changed, updatedAt: Date.now() });
  return authenticationResult(await tokens.signIn(changed, client, [ADMIN_SCOPE]));
}

/** The user's attributes that the token's app client may read (its ReadAttributes), sub always. */
export async function getUser(input: ApiInput, context: ServiceContext) {
  const { user, client } = await tokenUser(input, context);
  return { Username: user.username, UserAttributes: attributeList(readableAttributes(user, client)) };
}

export async function globalSignOut(input: ApiInput, context: ServiceContext) {
  context.store.revokeSessionsOf((await tokenUser(input, context)).user.username);
  return {};
}

export async function revokeToken(input: ApiInput, { store }: ServiceContext) {
  const client = clientOf(store, requiredString(input, 'ClientId'));
  const secret = optional(input, 'ClientSecret', 'string') ?? '';
  if (client.ClientSecret && !secretMatches(client.ClientSecret, [secret])) {
    throw new NotAuthorizedException(`Client ${client.ClientId} is configured with secret but ClientSecret is wrong`);
  }
  revokeRefreshToken(store, client, requiredString(input, 'Token'));
  return {};
}

/**
 * RFC 7009 semantics (shared with /oauth2/revoke): unknown tokens are not an error. Revoking a refresh
 * token revokes every access token issued from it too (they share its origin_jti).
 */
export function revokeRefreshToken(store: IdentityStore, client: AppClient, token: string): void {
  const session = store.sessionByRefreshToken(token);
  if (session?.clientId === client.ClientId) store.revokeSessions((other) => other === session);
}

/** A refresh answers without RefreshToken: Cognito does not rotate refresh tokens. */
const authenticationResult = (issued: IssuedTokens) => ({
  ChallengeParameters: {},
  AuthenticationResult: { ...issued, TokenType: 'Bearer' },
});

/** The access token's user and client; GetUser and GlobalSignOut need the aws.cognito.signin.user.admin scope. */
async function tokenUser(input: ApiInput, { tokens }: ServiceContext) {
  const signedIn = await tokens.authenticate(requiredString(input, 'AccessToken'));
  if (!signedIn.scopes.includes(ADMIN_SCOPE)) throw new NotAuthorizedException(MESSAGES.missingScope);
  return signedIn;
}

/** Required when the client has a secret; the hash over any of `usernames` will do. */
function checkSecretHash(client: AppClient, usernames: string[], secretHash: string | undefined): void {
  const secret = client.ClientSecret;
  if (!secret) return;
  const missing = `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`;
  if (!secretHash) throw new NotAuthorizedException(missing);
  if (!usernames.some((username) => secretsEqual(secretHashOf(secret, username, client.ClientId), secretHash))) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.ClientId}`);
  }
}
