/**
 * CSRF tokens for the sign-in form, bound to the authorize request the form was shown for.
 *
 * A token is `nonce.issuedAt.mac`, where mac = HMAC-SHA256(per-service key, nonce, issuedAt and every
 * authorize parameter: client_id, redirect_uri, response_type, state, scope, nonce, PKCE challenge).
 * The page sets it as the XSRF-TOKEN cookie and the `_csrf` field (Cognito's names). A POST is honoured
 * only when cookie and field agree (the same browser loaded the page: a cross-site form can neither
 * read nor set the HttpOnly, SameSite=Lax cookie), the MAC verifies for the parameters posted (a token
 * from one sign-in cannot be replayed with another redirect_uri or state) and it is not older than
 * its lifetime. Values nobody issued fail the MAC, even when cookie and field agree.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { AUTHORIZE_PARAMS, AuthorizeParams } from './loginPage';
import { secretsEqual } from './secrets';

/** Long enough to type a password; a sign-in page left open longer starts again from the app. */
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000;

export class SignInCsrf {
  // In memory: a restart only invalidates forms that are open at that moment.
  private readonly key = randomBytes(32);

  constructor(
    private readonly lifetimeMs = DEFAULT_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(params: AuthorizeParams): string {
    const nonce = randomBytes(16).toString('base64url');
    const issuedAt = this.now().toString(36);
    return `${nonce}.${issuedAt}.${this.mac(nonce, issuedAt, params)}`;
  }

  /** True when `cookie` and `field` are the same token, issued here for exactly these parameters. */
  verify(cookie: string, field: string, params: AuthorizeParams): boolean {
    if (!cookie || !secretsEqual(cookie, field)) return false;
    const parts = field.split('.');
    if (parts.length !== 3) return false;
    const [nonce, issuedAt, mac] = parts;
    const age = this.now() - parseInt(issuedAt, 36);
    if (!(age >= 0 && age <= this.lifetimeMs)) return false;
    return secretsEqual(this.mac(nonce, issuedAt, params), mac);
  }

  private mac(nonce: string, issuedAt: string, params: AuthorizeParams): string {
    // A JSON array in a fixed order: no two parameter sets serialise alike (absent is null, not "").
    const bound = JSON.stringify([nonce, issuedAt, ...AUTHORIZE_PARAMS.map((name) => params[name] ?? null)]);
    return createHmac('sha256', this.key).update(bound).digest('base64url');
  }
}
