/**
 * Cognito-shaped tokens: RS256 JWTs with a `kid`, Cognito's claim names and the Cognito issuer form
 * (https://cognito-idp.<region>.amazonaws.com/<poolId>), so the skill verifies them locally with the
 * same code as in AWS. Refresh tokens are opaque random strings (Cognito's are encrypted JWEs that
 * clients cannot read either) and are stored only as a hash.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AccessTokenClaimNames, userClaims } from './accessTokenClaims';
import { MESSAGES, NotAuthorizedException, UserNotFoundException } from './errors';
import { SigningKey } from './signingKey';
import { hashRefreshToken, IdentityStore, PoolUser, SignInSession } from './store';

export interface TokenSettings {
  issuer: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Opt-in user claims in access tokens (accessTokenClaims.ts); undefined: Cognito's plain tokens. */
  accessTokenClaims?: AccessTokenClaimNames;
}

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  username: string;
  client_id: string;
  token_use: 'access';
  scope: string;
  origin_jti: string;
}

/** The scope GetUser and GlobalSignOut require (tokens from InitiateAuth always carry it). */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly store: IdentityStore,
    private readonly settings: TokenSettings,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.settings.accessTokenTtlSeconds;
  }

  get refreshTokenTtlSeconds(): number {
    return this.settings.refreshTokenTtlSeconds;
  }

  /** A new sign-in: one session, its refresh token, and the first access and ID tokens. */
  async signIn(user: PoolUser, clientId: string, scope: string[], nonce?: string) {
    const refreshToken = newRefreshToken();
    const session = this.startSession(user, clientId, scope, refreshToken, nonce);
    return { ...(await this.tokensFor(user, session)), refreshToken };
  }

  startSession(user: PoolUser, clientId: string, scope: string[], refreshToken: string, nonce?: string) {
    return this.store.addSession({
      originJti: randomUUID(),
      eventId: randomUUID(),
      username: user.username,
      sub: user.sub,
      clientId,
      refreshTokenHash: hashRefreshToken(refreshToken),
      refreshTokenExpiresAt: Date.now() + this.settings.refreshTokenTtlSeconds * 1000,
      authTime: nowSeconds(),
      scope,
      nonce,
    });
  }

  /** Access and ID tokens for an existing session (sign-in or refresh; the refresh token is kept). */
  async tokensFor(user: PoolUser, session: SignInSession) {
    const scope = session.scope;
    const accessToken = await this.accessToken(user, session);
    const idToken =
      scope.includes('openid') || scope.includes(ADMIN_SCOPE) ? await this.idToken(user, session) : undefined;
    return { accessToken, idToken, expiresIn: this.settings.accessTokenTtlSeconds };
  }

  /** Every grant (code, refresh, InitiateAuth) gets its access tokens here, so all carry the same claims. */
  accessToken(user: PoolUser, session: SignInSession): Promise<string> {
    return this.sign(
      {
        // Added first, so no configured claim can replace one of Cognito's (names are also checked).
        ...userClaims(this.settings.accessTokenClaims, user),
        sub: user.sub,
        iss: this.settings.issuer,
        version: 2,
        client_id: session.clientId,
        origin_jti: session.originJti,
        event_id: session.eventId,
        token_use: 'access',
        scope: session.scope.join(' '),
        auth_time: session.authTime,
        jti: randomUUID(),
        username: user.username,
      },
      this.settings.accessTokenTtlSeconds,
    );
  }

  idToken(user: PoolUser, session: SignInSession): Promise<string> {
    const { email_verified, ...attributes } = user.attributes;
    return this.sign(
      {
        ...attributes,
        sub: user.sub,
        ...(email_verified !== undefined ? { email_verified: email_verified === 'true' } : {}),
        iss: this.settings.issuer,
        'cognito:username': user.username,
        origin_jti: session.originJti,
        aud: session.clientId,
        event_id: session.eventId,
        token_use: 'id',
        auth_time: session.authTime,
        jti: randomUUID(),
        ...(session.nonce ? { nonce: session.nonce } : {}),
      },
      this.settings.accessTokenTtlSeconds,
    );
  }

  private sign(claims: JWTPayload, ttlSeconds: number): Promise<string> {
    const iat = nowSeconds();
    return new SignJWT({ ...claims, iat, exp: iat + ttlSeconds })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid })
      .sign(this.key.privateKey);
  }

  /**
   * What Cognito checks before honouring an access token, in this order: our signature (RS256 only,
   * our kid), our issuer, not expired, token_use "access"; the user still exists (same sub) and is
   * enabled; its sign-in session is not revoked. Failures are NotAuthorizedException with Cognito's
   * message, except a deleted user (UserNotFoundException).
   */
  async authenticate(token: string): Promise<{ claims: AccessTokenClaims; session: SignInSession; user: PoolUser }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== this.key.kid) throw new NotAuthorizedException(MESSAGES.invalidAccessToken);
          return this.key.publicKey;
        },
        { issuer: this.settings.issuer, algorithms: ['RS256'] },
      ));
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new NotAuthorizedException(expired ? MESSAGES.expiredAccessToken : MESSAGES.invalidAccessToken);
    }
    if (
      payload.token_use !== 'access' ||
      typeof payload.origin_jti !== 'string' ||
      typeof payload.username !== 'string'
    ) {
      throw new NotAuthorizedException(MESSAGES.invalidAccessToken);
    }
    const claims = payload as AccessTokenClaims;
    const user = this.store.user(claims.username);
    if (!user || user.sub !== claims.sub) throw new UserNotFoundException(MESSAGES.userNotFound);
    if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
    const session = this.store.session(claims.origin_jti);
    if (!session || session.revoked) throw new NotAuthorizedException(MESSAGES.revokedAccessToken);
    return { claims, session, user };
  }
}

export function newRefreshToken(): string {
  return randomBytes(48).toString('base64url');
}
