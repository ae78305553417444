/**
 * Cognito-shaped tokens: RS256 JWTs with a `kid`, Cognito's claim names and the Cognito issuer form
 * (https://cognito-idp.<region>.amazonaws.com/<poolId>), so the skill verifies them locally with the
 * same code as in AWS. Refresh tokens are opaque random strings (Cognito's are encrypted JWEs that
 * clients cannot read either) and are stored only as a hash.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AccessTokenClaimNames, userClaims } from './accessTokenClaims';
import { AppClient, lifetimeSeconds, readableAttributes } from './appClients';
import { MESSAGES, NotAuthorizedException, UserNotFoundException } from './errors';
import type { IdentityServiceOptions } from './index';
import { SigningKey } from './signingKey';
import { hashRefreshToken, IdentityStore, PoolUser, SignInSession } from './store';

/** The issuer, the opt-in access-token claims, and lifetimes that replace every client's validities this run. */
type TokenSettings = Pick<IdentityServiceOptions, 'accessTokenTtlSeconds' | 'refreshTokenTtlSeconds'> & {
  issuer: string;
  accessTokenClaims?: AccessTokenClaimNames;
};

/** In the names of Cognito's AuthenticationResult. */
export type IssuedTokens = { AccessToken: string; IdToken?: string; RefreshToken?: string; ExpiresIn: number };

/** The scope GetUser and GlobalSignOut require (tokens from InitiateAuth always carry it). */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
const nowSeconds = () => Math.floor(Date.now() / 1000);

export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly store: IdentityStore,
    private readonly settings: TokenSettings,
  ) {}

  /** The client's AccessTokenValidity, IdTokenValidity and RefreshTokenValidity in seconds, as in force. */
  lifetimes(client: AppClient) {
    const { accessTokenTtlSeconds: access, refreshTokenTtlSeconds: refresh } = this.settings;
    return {
      access: access ?? lifetimeSeconds(client, 'AccessToken'),
      id: access ?? lifetimeSeconds(client, 'IdToken'),
      refresh: refresh ?? lifetimeSeconds(client, 'RefreshToken'),
    };
  }

  /** A new sign-in: one session, its refresh token, and the first access and ID tokens. */
  async signIn(user: PoolUser, client: AppClient, scope: string[], nonce?: string) {
    const refreshToken = randomBytes(48).toString('base64url');
    const event = { originJti: randomUUID(), eventId: randomUUID(), authTime: nowSeconds(), scope, nonce };
    const who = { username: user.username, sub: user.sub, clientId: client.ClientId };
    const expiresAt = Date.now() + this.lifetimes(client).refresh * 1000;
    const refresh = { refreshTokenHash: hashRefreshToken(refreshToken), refreshTokenExpiresAt: expiresAt };
    const session = this.store.addSession({ ...event, ...who, ...refresh });
    return { ...(await this.tokensFor(user, client, session)), RefreshToken: refreshToken };
  }

  /** Access and ID tokens for an existing session (sign-in or refresh; the refresh token is kept). */
  async tokensFor(user: PoolUser, client: AppClient, session: SignInSession): Promise<IssuedTokens> {
    const { access, id } = this.lifetimes(client);
    const withId = session.scope.includes('openid') || session.scope.includes(ADMIN_SCOPE);
    const IdToken = withId ? await this.idToken(user, client, session, id) : undefined;
    return { AccessToken: await this.accessToken(user, session, access), IdToken, ExpiresIn: access };
  }

  private accessToken(user: PoolUser, session: SignInSession, ttlSeconds: number): Promise<string> {
    // The opt-in claims go first, so none can replace one of Cognito's (their names are checked too).
    const claims = { ...userClaims(this.settings.accessTokenClaims, user), sub: user.sub, version: 2 };
    const scope = session.scope.join(' ');
    const access = { client_id: session.clientId, token_use: 'access', scope, username: user.username };
    return this.sign({ ...claims, ...access }, session, ttlSeconds);
  }

  /** The attributes the client may read, with the *_verified ones as booleans, as in Cognito's ID tokens. */
  private idToken(user: PoolUser, client: AppClient, session: SignInSession, ttlSeconds: number) {
    const claims: JWTPayload = readableAttributes(user, client);
    for (const name of ['email_verified', 'phone_number_verified']) {
      if (claims[name] !== undefined) claims[name] = claims[name] === 'true';
    }
    const id = { 'cognito:username': user.username, aud: session.clientId, token_use: 'id', nonce: session.nonce };
    return this.sign({ ...claims, ...id }, session, ttlSeconds);
  }

  /** With the claims every token of a sign-in shares: issuer, origin_jti, event_id, auth_time; and its own jti. */
  private sign(claims: JWTPayload, session: SignInSession, ttlSeconds: number): Promise<string> {
    const iat = nowSeconds();
    const { originJti: origin_jti, eventId: event_id, authTime: auth_time } = session;
    const shared = { iss: this.settings.issuer, origin_jti, event_id, auth_time, jti: randomUUID() };
    return new SignJWT({ ...claims, ...shared, iat, exp: iat + ttlSeconds })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.publicJwk.kid })
      .sign(this.key.privateKey);
  }

  /** The sign-in session of a refresh token, as REFRESH_TOKEN_AUTH and the refresh grant accept it. */
  refreshSession(refreshToken: string, client: AppClient) {
    const session = this.store.sessionByRefreshToken(refreshToken);
    if (!session || session.clientId !== client.ClientId || session.refreshTokenExpiresAt < Date.now()) {
      throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
    }
    // A disabled user hears so (as from GetUser); a signed-out or deleted one that the token is revoked.
    const user = this.store.user(session.username);
    if (user?.sub === session.sub && !user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
    if (!user || user.sub !== session.sub || session.revoked)
      throw new NotAuthorizedException(MESSAGES.refreshTokenRevoked);
    return { session, user };
  }

  /**
   * What Cognito checks before honouring an access token: our signature (RS256 only), our issuer, not
   * expired, token_use "access"; the user still exists (same sub) and is enabled; its sign-in session
   * and app client still exist and are not revoked. Failures are NotAuthorizedException with Cognito's
   * message, except a deleted user (UserNotFoundException).
   */
  async authenticate(token: string) {
    const options = { issuer: this.settings.issuer, algorithms: ['RS256'] };
    const { payload } = await jwtVerify(token, this.key.publicKey, options).catch((error) => {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new NotAuthorizedException(expired ? MESSAGES.expiredAccessToken : MESSAGES.invalidAccessToken);
    });
    const { token_use, origin_jti, username, sub, client_id, scope } = payload;
    if (token_use !== 'access' || typeof origin_jti !== 'string' || typeof username !== 'string') {
      throw new NotAuthorizedException(MESSAGES.invalidAccessToken);
    }
    const user = this.store.user(username);
    if (!user || user.sub !== sub) throw new UserNotFoundException(MESSAGES.userNotFound);
    if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
    const session = this.store.session(origin_jti);
    const client = this.store.client(String(client_id));
    if (!session || session.revoked || !client) throw new NotAuthorizedException(MESSAGES.revokedAccessToken);
    return { scopes: String(scope).split(' '), user, client };
  }
}
