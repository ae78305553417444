import { randomBytes } from 'node:crypto';
import { AuthorizationDeniedError, LinkStateMismatchError, TokenRequestError } from './errors';

/**
 * The skill's account-linking settings in SMAPI's `accountLinkingRequest` shape (what
 * `ask smapi get-account-linking-info` returns), for the authorization-code grant.
 */
export interface AccountLinkingSettings {
  type: 'AUTH_CODE';
  authorizationUrl: string;
  accessTokenUrl: string;
  clientId: string;
  scopes: string[];
  accessTokenScheme: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';
  /** Used when the token response has no expires_in. */
  defaultTokenExpirationInSeconds?: number;
}

export interface LinkStatus {
  linked: boolean;
  /** From the tokens' claims, for display only: the skill verifies tokens, the simulator does not. */
  username?: string;
  name?: string;
  expiresAt?: number;
  refreshCount: number;
  lastRefreshAt?: number;
  lastError?: string;
}

export interface AccountLinkOptions {
  accountLinking: AccountLinkingSettings;
  /** Alexa holds the client secret; never logged, never shown. */
  clientSecret?: string;
  /** Where the sign-in page sends the browser back with the code (the page's /callback). */
  redirectUri: string;
  /** Refresh this long before expiry (at most half the token's lifetime, so short tokens are still used). */
  refreshSkewSeconds?: number;
  /** Told what happened to the link between requests (refreshed, unlinked), in words. */
  onNote?: (note: string) => void;
}

type TokenAnswer = { access_token: string; refresh_token?: string; id_token?: string; expires_in?: number };

/** How long a handed-out `state` stays valid: long enough to sign in, too short to be useful later. */
const STATE_TTL_MS = 10 * 60 * 1000;

/**
 * Alexa's side of account linking with the authorization-code grant (RFC 6749 §4.1):
 *  - the Alexa app opens authorizationUrl?response_type=code&client_id&redirect_uri&state&scope
 *    (scopes space-separated, state random, single-use and checked on return: §10.12);
 *  - the code is exchanged at accessTokenUrl with the client secret: HTTP Basic for HTTP_BASIC
 *    (§2.3.1: id and secret form-urlencoded, then base64), else in the body;
 *  - Alexa keeps access token, refresh token and expiry, refreshes (grant_type=refresh_token) when
 *    the token is expired or about to expire, and unlinks the account when the refresh is refused.
 */
export class AccountLink {
  private tokens?: { access: string; refresh?: string; id?: string; expiresAt: number; obtainedAt: number };
  private readonly pendingStates = new Map<string, number>();
  private refreshing?: Promise<boolean>;
  private refreshCount = 0;
  private lastRefreshAt?: number;
  private lastError?: string;

  constructor(private readonly options: AccountLinkOptions) {}

  /** The URL the Alexa app opens in the browser, with a fresh single-use state. */
  beginAuthorization(): string {
    const state = randomBytes(24).toString('base64url');
    for (const [old, issuedAt] of this.pendingStates) {
      if (Date.now() - issuedAt > STATE_TTL_MS) this.pendingStates.delete(old);
    }
    this.pendingStates.set(state, Date.now());
    const { authorizationUrl, clientId: client_id, scopes } = this.options.accountLinking;
    const query = { response_type: 'code', client_id, redirect_uri: this.options.redirectUri, state };
    const url = new URL(authorizationUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
    return url.toString();
  }

  /** Handles the redirect back (its query: code + state, or error + state) and exchanges the code. */
  async completeAuthorization(params: URLSearchParams): Promise<void> {
    const state = params.get('state') ?? '';
    const issuedAt = this.pendingStates.get(state);
    this.pendingStates.delete(state);
    if (issuedAt === undefined || Date.now() - issuedAt > STATE_TTL_MS) {
      throw new LinkStateMismatchError('the sign-in came back with a state this simulator did not send, or too late');
    }
    const [error, code] = [params.get('error'), params.get('code')];
    if (error) throw new AuthorizationDeniedError([error, params.get('error_description')].filter(Boolean).join(': '));
    if (!code) throw new AuthorizationDeniedError('invalid_request: no code in the redirect');
    const grant = { grant_type: 'authorization_code', code, redirect_uri: this.options.redirectUri };
    this.store(await this.tokenRequest(new URLSearchParams(grant)));
    this.lastError = undefined;
  }

  /**
   * The token to put in the next request, refreshed first when expired or about to expire (as Alexa
   * does). A refused refresh unlinks the account: the request then goes out without a token.
   */
  async accessTokenForRequest(): Promise<{ accessToken?: string; refreshed: boolean }> {
    if (!this.tokens) return { refreshed: false };
    const { expiresAt, obtainedAt } = this.tokens;
    const skew = Math.min((this.options.refreshSkewSeconds ?? 60) * 1000, (expiresAt - obtainedAt) / 2);
    if (Date.now() < expiresAt - skew) return { accessToken: this.tokens.access, refreshed: false };
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    const refreshed = await this.refreshing;
    return { accessToken: this.tokens?.access, refreshed };
  }

  unlink(): void {
    if (!this.tokens) return;
    this.tokens = undefined;
    this.options.onNote?.('Account unlinked: tokens forgotten.');
  }

  status(): LinkStatus {
    const base = { refreshCount: this.refreshCount, lastRefreshAt: this.lastRefreshAt, lastError: this.lastError };
    if (!this.tokens) return { linked: false, ...base };
    const access = claimsOf(this.tokens.access);
    const id = claimsOf(this.tokens.id);
    const username = access.username ?? id['cognito:username'];
    return { linked: true, username, name: id.name, expiresAt: this.tokens.expiresAt, ...base };
  }

  private async refresh(): Promise<boolean> {
    const refreshToken = this.tokens?.refresh;
    try {
      if (!refreshToken) throw new TokenRequestError('no refresh token');
      const grant = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
      this.store(await this.tokenRequest(grant));
      this.refreshCount += 1;
      this.lastRefreshAt = Date.now();
      this.options.onNote?.('Access token refreshed with the refresh token.');
      return true;
    } catch (error) {
      const reason = error instanceof TokenRequestError ? error.message : 'token endpoint unreachable';
      this.lastError = `refresh failed (${reason}); the account is unlinked`;
      this.options.onNote?.(`Token refresh failed (${reason}).`);
      this.unlink();
      return false;
    }
  }

  private store(answer: TokenAnswer): void {
    const now = Date.now();
    const lifetime = answer.expires_in ?? this.options.accountLinking.defaultTokenExpirationInSeconds ?? 3600;
    this.tokens = {
      access: answer.access_token,
      // Cognito does not rotate refresh tokens: keep the old one (and the id token) when none comes back.
      refresh: answer.refresh_token ?? this.tokens?.refresh,
      id: answer.id_token ?? this.tokens?.id,
      expiresAt: now + lifetime * 1000,
      obtainedAt: now,
    };
  }

  private async tokenRequest(body: URLSearchParams): Promise<TokenAnswer> {
    const { accessTokenUrl, accessTokenScheme, clientId } = this.options.accountLinking;
    const secret = this.options.clientSecret ?? '';
    // fetch sends the URLSearchParams body as application/x-www-form-urlencoded.
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessTokenScheme === 'HTTP_BASIC') {
      const pair = `${formEncode(clientId)}:${formEncode(secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      body.set('client_id', clientId);
      body.set('client_secret', secret);
    }
    const signal = AbortSignal.timeout(10_000);
    const response = await fetch(accessTokenUrl, { method: 'POST', headers, body, signal }).catch((error: Error) => {
      throw new TokenRequestError(`token endpoint unreachable: ${error.message}`);
    });
    const json = (await response.json().catch(() => ({}))) as Partial<TokenAnswer> & { error?: string };
    if (!response.ok || typeof json.access_token !== 'string') {
      const oauthError = json.error ?? 'invalid_response';
      throw new TokenRequestError(`token endpoint answered ${response.status} ${oauthError}`, oauthError);
    }
    return json as TokenAnswer;
  }
}

/** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks for the id and secret in Basic. */
const formEncode = (text: string) => new URLSearchParams({ _: text }).toString().slice(2);

/** A JWT's claims without verification, only to show who is linked. */
function claimsOf(jwt: string | undefined): Record<string, string | undefined> {
  try {
    return JSON.parse(Buffer.from(jwt?.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}
