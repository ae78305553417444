/**
 * The model @node-oauth/oauth2-server calls for the Hosted UI's authorization-code and refresh grants.
 * The library does the protocol (client authentication by HTTP Basic or body, exact redirect-URI match,
 * PKCE S256, single-use codes, RFC 6749 errors); this model supplies Cognito's data and token shapes.
 */
import OAuth2Server from '@node-oauth/oauth2-server';
import { IdentityStore, PoolUser, SignInSession } from './store';
import { secretMatches } from './clientAuthentication';
import { newRefreshToken, TokenIssuer } from './tokens';

/** Who signed in at the Hosted UI, carried from the sign-in form through the code to the token. */
export interface HostedUiUser {
  username: string;
  sub: string;
  nonce?: string;
  /** Set while tokens are issued: the sign-in session (new on code exchange, existing on refresh). */
  session?: SignInSession;
  refreshToken?: string;
}

interface StoredCode {
  expiresAt: Date;
  redirectUri: string;
  scope: string[];
  clientId: string;
  user: HostedUiUser;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export interface OAuthModelSettings {
  store: IdentityStore;
  tokens: TokenIssuer;
  /** Redirect URIs allowed for a client, including runtime extras (tests, simulator). */
  redirectUrisOf(clientId: string): string[];
}

export function createOAuthModel({ store, tokens, redirectUrisOf }: OAuthModelSettings) {
  // Codes live in memory: single use, minutes long; a restart simply invalidates them.
  const codes = new Map<string, StoredCode>();

  const liveUser = (user: { username: string; sub: string }): PoolUser | undefined => {
    const poolUser = store.user(user.username);
    return poolUser && poolUser.sub === user.sub && poolUser.enabled ? poolUser : undefined;
  };

  const model: OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel = {
    async getClient(clientId: string, clientSecret: string | null | undefined) {
      const client = store.client(clientId);
      if (!client) return false;
      // null: the authorize endpoint (no client authentication there). At the token endpoint the client
      // was authenticated before the library ran (clientAuthentication.ts); this check is a second net.
      if (clientSecret !== null && client.clientSecret && !secretMatches(client.clientSecret, [clientSecret ?? ''])) {
        return false;
      }
      return {
        id: client.clientId,
        grants: ['authorization_code', 'refresh_token'],
        redirectUris: redirectUrisOf(clientId),
      };
    },

    async validateScope(_user, client, scope) {
      const allowed = store.client(client.id)?.allowedScopes ?? [];
      // Cognito: no scope requested means every scope the client allows.
      if (!scope || scope.length === 0) return allowed;
      return scope.every((item) => allowed.includes(item)) ? scope : false;
    },

    async saveAuthorizationCode(code, client, user) {
      const stored: StoredCode = {
        expiresAt: code.expiresAt,
        redirectUri: code.redirectUri,
        scope: code.scope ?? [],
        clientId: client.id,
        user: { username: user.username, sub: user.sub, nonce: user.nonce },
        codeChallenge: code.codeChallenge,
        codeChallengeMethod: code.codeChallengeMethod,
      };
      codes.set(code.authorizationCode, stored);
      return { ...code, client, user };
    },

    async getAuthorizationCode(authorizationCode) {
      const code = codes.get(authorizationCode);
      if (!code || !liveUser(code.user)) return false;
      return {
        authorizationCode,
        expiresAt: code.expiresAt,
        redirectUri: code.redirectUri,
        scope: code.scope,
        client: { id: code.clientId, grants: [] },
        user: { ...code.user },
        codeChallenge: code.codeChallenge,
        codeChallengeMethod: code.codeChallengeMethod,
      };
    },

    async revokeAuthorizationCode(code) {
      return codes.delete(code.authorizationCode);
    },

    async generateAccessToken(client, user: HostedUiUser, scope) {
      const poolUser = liveUser(user);
      if (!poolUser) throw new OAuth2Server.InvalidGrantError('Invalid grant: user is disabled or does not exist');
      if (!user.session) {
        // Code exchange: this is the sign-in; the refresh token issued with it belongs to this session.
        user.refreshToken = newRefreshToken();
        user.session = tokens.startSession(poolUser, client.id, scope ?? [], user.refreshToken, user.nonce);
      }
      return tokens.accessToken(poolUser, user.session);
    },

    async generateRefreshToken(_client, user: HostedUiUser) {
      return user.refreshToken ?? newRefreshToken();
    },

    async saveToken(token, client, user: HostedUiUser) {
      const poolUser = liveUser(user);
      const session = user.session;
      if (!poolUser || !session) return false;
      const idToken = session.scope.includes('openid') ? await tokens.idToken(poolUser, session) : undefined;
      return { ...token, client, user, ...(idToken ? { id_token: idToken } : {}) };
    },

    async getRefreshToken(refreshToken) {
      const session = store.sessionByRefreshToken(refreshToken);
      if (!session || session.revoked || !liveUser(session)) return false;
      const user: HostedUiUser = { username: session.username, sub: session.sub, session };
      return {
        refreshToken,
        refreshTokenExpiresAt: new Date(session.refreshTokenExpiresAt),
        scope: session.scope,
        client: { id: session.clientId, grants: [] },
        user,
      };
    },

    // Never called: refresh tokens are not rotated (alwaysIssueNewRefreshToken: false), as in Cognito.
    async revokeToken() {
      return true;
    },

    // Resource-server authentication is not used; GetUser and userInfo verify tokens themselves.
    async getAccessToken() {
      return false;
    },
  };
  return model;
}
