import { SignInRejectedError } from './errors';

/**
 * Signs in on the authorization server's sign-in page the way a browser does, for the terminal:
 * GET the authorization URL (following redirects, keeping cookies), find the form with a password
 * field, fill username and password, POST it, and follow redirects until one points at the
 * redirect URI, whose query (code, state) is returned without requesting it. Works with Cognito's
 * Hosted UI and with any sign-in page that is a plain HTML form.
 */
export interface SignInCredentials {
  username: string;
  password: string;
}

export async function signInThroughHostedUi(
  authorizationUrl: string,
  redirectUri: string,
  credentials: SignInCredentials,
): Promise<URLSearchParams> {
  const cookies = new Map<string, Map<string, string>>();
  const callback = new URL(redirectUri);
  /** Just enough of a browser: redirects, and cookies by host (name=value, no expiry). */
  async function go(startUrl: string, init: RequestInit) {
    let url = new URL(startUrl);
    for (let hop = 0, request = init; hop <= 10; hop += 1, request = { method: 'GET' }) {
      const jar = cookies.get(url.host) ?? new Map<string, string>();
      cookies.set(url.host, jar);
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const headers = { accept: 'text/html', ...(cookie && { cookie }) };
      const signal = AbortSignal.timeout(10_000);
      const response = await fetch(url, { ...request, headers, redirect: 'manual', signal });
      for (const [pair] of response.headers.getSetCookie().map((line) => line.split(';'))) {
        const at = pair.indexOf('=');
        if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url, html: await response.text() };
      url = new URL(location, url);
      if (url.origin === callback.origin && url.pathname === callback.pathname) return { url, html: '', code: url };
    }
    throw new SignInRejectedError('too many redirects on the sign-in page');
  }

  const page = await go(authorizationUrl, { method: 'GET' });
  if (page.code) return page.code.searchParams;
  const form = findSignInForm(page.html, page.url.href);
  if (!form) throw new SignInRejectedError(`no sign-in form with a password field at ${page.url.pathname}`);
  const { hidden, usernameField, passwordField } = form;
  const { username, password } = credentials;
  // fetch sends a URLSearchParams body as application/x-www-form-urlencoded, as a browser sends a form.
  const body = new URLSearchParams([...hidden, [usernameField, username], [passwordField, password]]);
  const answer = await go(form.action, { method: 'POST', body });
  if (answer.code) return answer.code.searchParams;
  throw new SignInRejectedError('the sign-in page did not accept the username or password');
}

function findSignInForm(html: string, pageUrl: string) {
  for (const [, formAttributes, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const inputs = [...inner.matchAll(/<input\b([^>]*)>/gi)].map((match) => attributesOf(match[1]));
    const typeOf = (input: Record<string, string | undefined>) => input.type?.toLowerCase() ?? 'text';
    const password = inputs.find((input) => typeOf(input) === 'password' && input.name);
    const username =
      inputs.find((input) => input.name && /user|email|login/i.test(input.name) && typeOf(input) !== 'hidden') ??
      inputs.find((input) => input.name && ['text', 'email'].includes(typeOf(input)));
    if (!password?.name || !username?.name) continue;
    const hidden = inputs
      .filter((input) => typeOf(input) === 'hidden' && input.name)
      .map((input): [string, string] => [input.name ?? '', input.value ?? '']);
    // A browser also sends the name=value of the submit control it was submitted with (Cognito's has one).
    const buttons = [...inner.matchAll(/<button\b([^>]*)>/gi)].map((match) => attributesOf(match[1]));
    const submitter = [
      ...inputs.filter((input) => typeOf(input) === 'submit'),
      ...buttons.filter((button) => (button.type ?? 'submit').toLowerCase() === 'submit'),
    ].find((control) => control.name);
    if (submitter?.name) hidden.push([submitter.name, submitter.value ?? '']);
    const action = new URL(attributesOf(formAttributes).action || pageUrl, pageUrl).toString();
    return { action, usernameField: username.name, passwordField: password.name, hidden };
  }
  return undefined;
}

function attributesOf(source: string): Record<string, string | undefined> {
  const attributes: Record<string, string | undefined> = {};
  for (const [, name, doubleQuoted, singleQuoted, bare] of source.matchAll(
    /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
  )) {
    attributes[name.toLowerCase()] = decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? '');
  }
  return attributes;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** HTML's and XML's character references (the sign-in page's attributes, the skill's SSML). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (/^#x/i.test(code)) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}
