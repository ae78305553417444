import { SignInRejectedError } from './errors';

/**
 * Signs in on the authorization server's sign-in page the way a browser does, for the terminal:
 * GET the authorization URL (following redirects, keeping cookies), find the form with a password
 * field, fill username and password, POST it, and follow redirects until one points at the
 * redirect URI — whose query (code, state) is returned without requesting it. Works with Cognito's
 * Hosted UI and with the local identity service, which serve plain HTML forms.
 */
export interface SignInCredentials {
  username: string;
  password: string;
}

const MAX_REDIRECTS = 10;

export async function signInThroughHostedUi(
  authorizationUrl: string,
  redirectUri: string,
  credentials: SignInCredentials,
  fetchImpl: typeof fetch = fetch,
): Promise<URLSearchParams> {
  const cookies = new CookieJar();
  const page = await follow(fetchImpl, cookies, authorizationUrl, { method: 'GET' }, redirectUri);
  if (page.callback) return page.callback;
  const form = findSignInForm(page.html, page.url);
  if (!form) throw new SignInRejectedError(`no sign-in form with a password field at ${new URL(page.url).pathname}`);
  const body = new URLSearchParams(form.hidden);
  body.set(form.usernameField, credentials.username);
  body.set(form.passwordField, credentials.password);
  const answer = await follow(
    fetchImpl,
    cookies,
    form.action,
    { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    redirectUri,
  );
  if (answer.callback) return answer.callback;
  throw new SignInRejectedError(pageError(answer.html) ?? 'the sign-in page did not accept the username or password');
}

interface Followed {
  url: string;
  html: string;
  callback?: URLSearchParams;
}

async function follow(
  fetchImpl: typeof fetch,
  cookies: CookieJar,
  startUrl: string,
  init: RequestInit,
  redirectUri: string,
): Promise<Followed> {
  let url = startUrl;
  let request = init;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const response = await fetchImpl(url, {
      ...request,
      redirect: 'manual',
      headers: { ...(request.headers as Record<string, string>), ...cookies.header(url), accept: 'text/html' },
      signal: AbortSignal.timeout(10_000),
    });
    cookies.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (isRedirectUri(next, redirectUri)) return { url, html: '', callback: next.searchParams };
      url = next.toString();
      request = { method: 'GET' };
      continue;
    }
    return { url, html: await response.text() };
  }
  throw new SignInRejectedError('too many redirects on the sign-in page');
}

function isRedirectUri(candidate: URL, redirectUri: string): boolean {
  const expected = new URL(redirectUri);
  return candidate.origin === expected.origin && candidate.pathname === expected.pathname;
}

interface SignInForm {
  action: string;
  usernameField: string;
  passwordField: string;
  hidden: [string, string][];
}

export function findSignInForm(html: string, pageUrl: string): SignInForm | undefined {
  for (const [, formAttributes, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const inputs = [...inner.matchAll(/<input\b([^>]*)>/gi)].map((match) => attributesOf(match[1]));
    const password = inputs.find((input) => input.type?.toLowerCase() === 'password' && input.name);
    if (!password) continue;
    const username =
      inputs.find((input) => input.name && /user|email|login/i.test(input.name) && input.type !== 'hidden') ??
      inputs.find((input) => input.name && ['text', 'email', undefined].includes(input.type?.toLowerCase()));
    if (!username) continue;
    const hidden = inputs
      .filter((input) => input.type?.toLowerCase() === 'hidden' && input.name)
      .map((input): [string, string] => [input.name as string, input.value ?? '']);
    // A browser also sends the name=value of the submit control it was submitted with (Cognito's has one).
    const buttons = [...inner.matchAll(/<button\b([^>]*)>/gi)].map((match) => attributesOf(match[1]));
    const submitter = [
      ...inputs.filter((input) => input.type?.toLowerCase() === 'submit'),
      ...buttons.filter((button) => (button.type ?? 'submit').toLowerCase() === 'submit'),
    ].find((control) => control.name);
    if (submitter) hidden.push([submitter.name as string, submitter.value ?? '']);
    const action = attributesOf(formAttributes).action;
    return {
      action: new URL(action || pageUrl, pageUrl).toString(),
      usernameField: username.name as string,
      passwordField: password.name as string,
      hidden,
    };
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

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (/^#x/i.test(code)) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return named[code.toLowerCase()] ?? whole;
  });
}

/** The text of the page's error message, if it marks one (role="alert" or an "error" class). */
function pageError(html: string): string | undefined {
  const match = /<(\w+)\b[^>]*(?:role="alert"|class="[^"]*error[^"]*")[^>]*>([\s\S]*?)<\/\1>/i.exec(html);
  const text = match
    ? decodeEntities(match[2].replace(/<[^>]+>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim()
    : '';
  return text || undefined;
}

/** Just enough of a cookie jar for one sign-in: name=value per host, no expiry handling. */
class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  store(url: string, setCookies: string[]): void {
    const host = new URL(url).host;
    const jar = this.byHost.get(host) ?? new Map<string, string>();
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    this.byHost.set(host, jar);
  }

  header(url: string): Record<string, string> {
    const jar = this.byHost.get(new URL(url).host);
    if (!jar || jar.size === 0) return {};
    return { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}
