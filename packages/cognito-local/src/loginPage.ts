/**
 * The Hosted UI's server-rendered pages and the sign-in form's CSRF token. Every value that came from a
 * request is escaped before it reaches HTML (an authorize request's `state` and `redirect_uri` are
 * attacker-controlled), and the pages contain no script at all: they work with JavaScript off and the
 * CSP forbids scripts entirely.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretsEqual } from './passwords';

/** Parameters of the authorize request that the sign-in form carries through in hidden fields. */
export const AUTHORIZE_PARAMS =
  'client_id redirect_uri response_type state scope nonce code_challenge code_challenge_method'.split(' ');
export type AuthorizeParams = Record<string, string | undefined>;

/** Every character that could end an attribute or start markup, as a numeric character reference. */
const escapeHtml = (value: string) => value.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.25rem;margin-top:0}label{display:block;margin-top:1rem;font-size:.9rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem}
button{margin-top:1.5rem;width:100%;padding:.6rem;background:#ec7211;color:#fff;border:0;border-radius:4px;font-size:1rem}
.error{color:#b00020;background:#fde8e8;padding:.5rem;border-radius:4px}.note{color:#555;font-size:.8rem}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

interface SignInPage {
  client: { ClientName: string };
  /** A pool whose UsernameAttributes is [email] asks for the email; the field stays `username`, as Cognito's. */
  email: boolean;
  params: AuthorizeParams;
  csrfToken: string;
  username?: string;
  error?: string;
}

export function signInPage({ client, email, params, csrfToken, username, error }: SignInPage): string {
  const hidden = AUTHORIZE_PARAMS.filter((name) => params[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name] as string)}">`)
    .join('\n');
  return page(
    'Sign in',
    `<h1>Sign in with your username and password</h1>
<p class="note">to ${escapeHtml(client.ClientName)} — local stand-in for the Amazon Cognito Hosted UI</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
${hidden}
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<label for="username">${email ? 'Email' : 'Username'}</label>
<input id="username" type="text" name="username" autocomplete="username" autocapitalize="none" required value="${escapeHtml(username ?? '')}">
<label for="password">Password</label>
<input id="password" type="password" name="password" autocomplete="current-password" required>
<button type="submit" name="signInSubmitButton">Sign in</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(message)}</p>`);
}

/**
 * The sign-in form's CSRF token `nonce.issuedAt.mac`, the MAC over every authorize parameter, set as the
 * XSRF-TOKEN cookie and the `_csrf` field (Cognito's names). A POST counts only when cookie and field
 * agree (a cross-site form can neither read nor set the HttpOnly, SameSite=Lax cookie), the MAC verifies
 * for the parameters posted (no replay with another redirect_uri or state) and it is under an hour old.
 */
export class SignInCsrf {
  private readonly key = randomBytes(32);

  issue(params: AuthorizeParams): string {
    const [nonce, issuedAt] = [randomBytes(16).toString('base64url'), Date.now().toString(36)];
    return `${nonce}.${issuedAt}.${this.mac(nonce, issuedAt, params)}`;
  }

  /** True when `cookie` and `field` are the same token, issued here for exactly these parameters. */
  verify(cookie: string, field: string, params: AuthorizeParams): boolean {
    const [nonce, issuedAt, mac, extra] = field.split('.');
    const age = Date.now() - parseInt(issuedAt, 36);
    if (!cookie || !secretsEqual(cookie, field) || mac === undefined || extra !== undefined) return false;
    return age >= 0 && age <= 3600_000 && secretsEqual(this.mac(nonce, issuedAt, params), mac);
  }

  private mac(nonce: string, issuedAt: string, params: AuthorizeParams): string {
    // A JSON array in a fixed order: no two parameter sets serialise alike (absent is null, not "").
    const bound = JSON.stringify([nonce, issuedAt, ...AUTHORIZE_PARAMS.map((name) => params[name] ?? null)]);
    return createHmac('sha256', this.key).update(bound).digest('base64url');
  }
}
