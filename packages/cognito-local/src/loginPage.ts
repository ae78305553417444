/**
 * Server-rendered Hosted UI pages. Every value that came from a request is escaped before it reaches
 * HTML (the `state` and `redirect_uri` of an authorize request are attacker-controlled), and the pages
 * contain no script at all, so they work with JavaScript off and the CSP can forbid scripts entirely.
 */

/** Parameters of the authorize request that the sign-in form carries through in hidden fields. */
export const AUTHORIZE_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;

export type AuthorizeParams = Partial<Record<(typeof AUTHORIZE_PARAMS)[number], string>>;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;');
}

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

export interface SignInPageModel {
  clientName: string;
  params: AuthorizeParams;
  csrfToken: string;
  username?: string;
  error?: string;
}

export function signInPage({ clientName, params, csrfToken, username, error }: SignInPageModel): string {
  const hidden = AUTHORIZE_PARAMS.filter((name) => params[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name] as string)}">`)
    .join('\n');
  return page(
    'Sign in',
    `<h1>Sign in with your username and password</h1>
<p class="note">to ${escapeHtml(clientName)} — local stand-in for the Amazon Cognito Hosted UI</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
${hidden}
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<label for="username">Username</label>
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
