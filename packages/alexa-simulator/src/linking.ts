import { randomBytes } from 'node:crypto';
import { AccountLinkingSettings } from './accountLinkingSettings';
import { AuthorizationDeniedError, LinkStateMismatchError, TokenRequestError } from './errors';

export type { AccountLinkingSettings } from './accountLinkingSettings';
export { loadAccountLinkingSettings } from './accountLinkingSettings';

/**
 * Alexa's side of account linking with the authorization-code grant (RFC 6749 §4.1), as Alexa runs
 * it for a skill whose accountLinking.json says type AUTH_CODE:
 *  - the Alexa app opens authorizationUrl?response_type=code&client_id&redirect_uri&state&scope
 *    (scopes space-separated, state random and checked on return — §10.12);
 *  - the code is exchanged at accessTokenUrl with the client secret, by HTTP Basic (§2.3.1: id and
 *    secret form-urlencoded, then base64) for accessTokenScheme HTTP_BASIC, else in the body;
 *  - Alexa keeps access token, refresh token and expiry, and refreshes (grant_type=refresh_token)
 *    when the token is expired or about to expire; when refresh is refused the account is unlinked.
 */
export interface LinkedTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  obtainedAt: number;
}

export type LinkEvent =
  | { type: 'linked'; at: number }
  | { type: 'refreshed'; at: number }
  | { type: 'refresh-failed'; at: number; reason: string }
  | { type: 'unlinked'; at: number };

export interface LinkStatus {
  linked: boolean;
  /** From the access token's claims (display only; the skill verifies tokens, not the simulator). */
  username?: string;
  name?: string;
  expiresAt?: number;
  refreshCount: number;
  lastRefreshAt?: number;
  lastError?: string;
}

export interface AccountLinkOptions {
  settings: AccountLinkingSettings;
  /** Alexa holds the client secret; never logged. */
  clientSecret?: string;
  redirectUri: string;
  /** Refresh this long before expiry (capped at half the token's lifetime so short tokens are still used). */
  refreshSkewSeconds?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** How long a handed-out `state` stays valid: long enough to sign in, short enough to be useless later. */
const STATE_TTL_MS = 10 * 60 * 1000;

export class AccountLink {
  private tokens?: LinkedTokens;
  private readonly pendingStates = new Map<string, number>();
  private refreshing?: Promise<boolean>;
  private refreshCount = 0;
  private lastRefreshAt?: number;
  private lastError?: string;
  private readonly listeners: ((event: LinkEvent) => void)[] = [];
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: AccountLinkOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
  }

  get settings(): AccountLinkingSettings {
    return this.options.settings;
  }

  get redirectUri(): string {
    return this.options.redirectUri;
  }

  onEvent(listener: (event: LinkEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The URL the Alexa app opens in the browser, with a fresh single-use state. */
  beginAuthorization(): { url: string; state: string } {
    const state = randomBytes(24).toString('base64url');
    this.forgetOldStates();
    this.pendingStates.set(state, this.now());
    const url = new URL(this.settings.authorizationUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('state', state);
    if (this.settings.scopes.length > 0) url.searchParams.set('scope', this.settings.scopes.join(' '));
    return { url: url.toString(), state };
  }

  /** Handles the redirect back (its query: code + state, or error + state) and exchanges the code. */
  async completeAuthorization(params: URLSearchParams): Promise<LinkStatus> {
    const state = params.get('state') ?? '';
    const issuedAt = this.pendingStates.get(state);
    this.pendingStates.delete(state);
    if (issuedAt === undefined || this.now() - issuedAt > STATE_TTL_MS) {
      throw new LinkStateMismatchError(
        'the sign-in came back with a state this simulator did not send (or it expired)',
      );
    }
    const error = params.get('error');
    if (error) throw new AuthorizationDeniedError(error, params.get('error_description') ?? undefined);
    const code = params.get('code');
    if (!code) throw new AuthorizationDeniedError('invalid_request', 'no code in the redirect');
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
    });
    this.store(await this.tokenRequest(body), undefined);
    this.lastError = undefined;
    this.emit({ type: 'linked', at: this.now() });
    return this.status();
  }

  /**
   * The token to put in the next request, refreshed first when expired or about to expire (as Alexa
   * does). A refused refresh unlinks the account: the request then goes out without a token.
   */
  async accessTokenForRequest(): Promise<{ accessToken?: string; refreshed: boolean }> {
    if (!this.tokens) return { refreshed: false };
    if (!this.needsRefresh(this.tokens)) return { accessToken: this.tokens.accessToken, refreshed: false };
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    const refreshed = await this.refreshing;
    return { accessToken: this.tokens?.accessToken, refreshed };
  }

  unlink(): void {
    if (!this.tokens) return;
    this.tokens = undefined;
    this.emit({ type: 'unlinked', at: this.now() });
  }

  status(): LinkStatus {
    const base = {
      refreshCount: this.refreshCount,
      ...(this.lastRefreshAt !== undefined && { lastRefreshAt: this.lastRefreshAt }),
      ...(this.lastError !== undefined && { lastError: this.lastError }),
    };
    if (!this.tokens) return { linked: false, ...base };
    const access = decodeClaims(this.tokens.accessToken);
    const id = this.tokens.idToken ? decodeClaims(this.tokens.idToken) : {};
    const username = stringClaim(access, 'username') ?? stringClaim(id, 'cognito:username');
    const name = stringClaim(id, 'name');
    return {
      linked: true,
      ...(username !== undefined && { username }),
      ...(name !== undefined && { name }),
      expiresAt: this.tokens.expiresAt,
      ...base,
    };
  }

  private needsRefresh(tokens: LinkedTokens): boolean {
    const lifetime = tokens.expiresAt - tokens.obtainedAt;
    const skew = Math.min((this.options.refreshSkewSeconds ?? 60) * 1000, lifetime / 2);
    return this.now() >= tokens.expiresAt - skew;
  }

  private async refresh(): Promise<boolean> {
    const current = this.tokens;
    if (!current?.refreshToken) {
      this.failRefresh('no refresh token');
      return false;
    }
    try {
      const answer = await this.tokenRequest(
        new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current.refreshToken }),
      );
      // Cognito does not rotate refresh tokens: keep the old one when none comes back.
      this.store(answer, current.refreshToken);
      this.refreshCount += 1;
      this.lastRefreshAt = this.now();
      this.emit({ type: 'refreshed', at: this.lastRefreshAt });
      return true;
    } catch (error) {
      this.failRefresh(error instanceof TokenRequestError ? error.message : 'token endpoint unreachable');
      return false;
    }
  }

  private failRefresh(reason: string): void {
    this.tokens = undefined;
    this.lastError = `refresh failed (${reason}); the account is unlinked`;
    this.emit({ type: 'refresh-failed', at: this.now(), reason });
    this.emit({ type: 'unlinked', at: this.now() });
  }

  private store(answer: TokenAnswer, previousRefreshToken: string | undefined): void {
    const now = this.now();
    const lifetime = answer.expires_in ?? this.settings.defaultTokenExpirationInSeconds ?? 3600;
    this.tokens = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? previousRefreshToken,
      idToken: answer.id_token ?? this.tokens?.idToken,
      expiresAt: now + lifetime * 1000,
      obtainedAt: now,
    };
  }

  private async tokenRequest(body: URLSearchParams): Promise<TokenAnswer> {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const secret = this.options.clientSecret ?? '';
    if (this.settings.accessTokenScheme === 'HTTP_BASIC') {
      const pair = `${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      body.set('client_id', this.settings.clientId);
      body.set('client_secret', secret);
    }
    let response: Response;
    try {
      response = await this.fetch(this.settings.accessTokenUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TokenRequestError(
        `token endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const json = (await response.json().catch(() => ({}))) as Partial<TokenAnswer> & {
      error?: string;
      error_description?: string;
    };
    if (!response.ok || typeof json.access_token !== 'string') {
      const oauthError = json.error ?? 'invalid_response';
      throw new TokenRequestError(
        `token endpoint answered ${response.status} ${oauthError}`,
        oauthError,
        response.status,
      );
    }
    return json as TokenAnswer;
  }

  private forgetOldStates(): void {
    for (const [state, issuedAt] of this.pendingStates) {
      if (this.now() - issuedAt > STATE_TTL_MS) this.pendingStates.delete(state);
    }
  }

  private emit(event: LinkEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  token_type?: string;
}

/** JWT claims without verification — only to show who is linked; the skill does the verifying. */
function decodeClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function stringClaim(claims: Record<string, unknown>, key: string): string | undefined {
  return typeof claims[key] === 'string' ? (claims[key] as string) : undefined;
}
