/**
 * The Hosted UI as Alexa uses it: /oauth2/authorize checks the client and redirect_uri and sends the
 * browser to /login; the sign-in form POSTs back to /login, which redirects to redirect_uri with a
 * single-use code and the state. A redirect_uri that is not registered is never redirected to
 * (RFC 6749 §4.1.2.1): the user sees an error page instead. /logout ends at a registered logout_uri.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { cookiesOf, flatHeaders, parseForm, queryOf, readBody, redirect, sendHtml } from './http';
import { AUTHORIZE_PARAMS, AuthorizeParams, errorPage, signInPage } from './loginPage';
import { HostedUiUser } from './oauthModel';
import { MESSAGES } from './errors';
import { verifyPassword } from './passwords';
import { SignInCsrf } from './signInCsrf';
import { AppClient, IdentityStore } from './store';

export interface HostedUiContext {
  store: IdentityStore;
  oauth: OAuth2Server;
  csrf: SignInCsrf;
  redirectUrisOf(clientId: string): string[];
}

const CSRF_COOKIE = 'XSRF-TOKEN';

type Checked = { client: AppClient; params: AuthorizeParams } | { problem: string };

/** The checks that must pass before anything may be sent to redirect_uri. */
function checkAuthorizeRequest(fields: Record<string, string>, context: HostedUiContext): Checked {
  const params: AuthorizeParams = {};
  for (const name of AUTHORIZE_PARAMS) if (fields[name] !== undefined) params[name] = fields[name];
  const client = params.client_id ? context.store.client(params.client_id) : undefined;
  if (!client) return { problem: 'Invalid request: unknown or missing client_id.' };
  if (!params.redirect_uri || !context.redirectUrisOf(client.clientId).includes(params.redirect_uri)) {
    return { problem: `redirect_mismatch: the redirect_uri is not registered for this client.` };
  }
  return { client, params };
}

/** After redirect_uri is trusted, protocol errors go back to the client, with its state (RFC 6749 §4.1.2.1). */
function protocolError(params: AuthorizeParams): string | undefined {
  if (params.response_type !== 'code') return 'unsupported_response_type';
  if (params.code_challenge && (params.code_challenge_method ?? 'S256') !== 'S256') return 'invalid_request';
  return undefined;
}

function redirectWithError(res: ServerResponse, params: AuthorizeParams, error: string): void {
  const target = new URL(params.redirect_uri as string);
  target.searchParams.set('error', error);
  if (params.state) target.searchParams.set('state', params.state);
  redirect(res, target.toString());
}

export async function authorize(req: IncomingMessage, res: ServerResponse, context: HostedUiContext): Promise<void> {
  const checked = checkAuthorizeRequest(queryOf(req), context);
  if ('problem' in checked)
    return sendHtml(res, 400, errorPage('An error was encountered with the requested page.', checked.problem));
  const error = protocolError(checked.params);
  if (error) return redirectWithError(res, checked.params, error);
  const query = new URLSearchParams(checked.params as Record<string, string>);
  redirect(res, `/login?${query.toString()}`);
}

export async function showSignIn(req: IncomingMessage, res: ServerResponse, context: HostedUiContext): Promise<void> {
  const checked = checkAuthorizeRequest(queryOf(req), context);
  if ('problem' in checked)
    return sendHtml(res, 400, errorPage('An error was encountered with the requested page.', checked.problem));
  const csrfToken = context.csrf.issue(checked.params);
  sendHtml(res, 200, signInPage({ clientName: checked.client.clientName, params: checked.params, csrfToken }), {
    'set-cookie': `${CSRF_COOKIE}=${csrfToken}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

export async function submitSignIn(req: IncomingMessage, res: ServerResponse, context: HostedUiContext): Promise<void> {
  const form = parseForm(await readBody(req));
  const checked = checkAuthorizeRequest(form, context);
  if ('problem' in checked)
    return sendHtml(res, 400, errorPage('An error was encountered with the requested page.', checked.problem));
  // Cognito answers a missing or wrong CSRF token with its generic error page; no code is issued.
  const cookie = cookiesOf(req)[CSRF_COOKIE] ?? '';
  const { client, params } = checked;
  if (!context.csrf.verify(cookie, form._csrf ?? '', params)) {
    return sendHtml(
      res,
      400,
      errorPage(
        'An error was encountered with the requested page.',
        'The sign-in form has expired or was not issued for this request. Go back to the app and start signing in again.',
      ),
    );
  }
  const rerender = (status: number, error: string) =>
    sendHtml(
      res,
      status,
      signInPage({ clientName: client.clientName, params, csrfToken: cookie, username: form.username, error }),
    );

  const user = form.username ? context.store.user(form.username) : undefined;
  if (!(await verifyPassword(form.password ?? '', user?.passwordHash)) || !user) {
    return rerender(400, MESSAGES.incorrectCredentials);
  }
  if (!user.enabled) return rerender(400, MESSAGES.userDisabled);
  if (user.status !== 'CONFIRMED') {
    return rerender(
      400,
      'This account must set a new password first; the local Hosted UI has no change-password page (use AdminSetUserPassword with Permanent).',
    );
  }
  const error = protocolError(params);
  if (error) return redirectWithError(res, params, error);

  const signedIn: HostedUiUser = { username: user.username, sub: user.sub, nonce: params.nonce };
  const request = new OAuth2Server.Request({ method: 'POST', headers: flatHeaders(req), query: {}, body: params });
  const response = new OAuth2Server.Response({ headers: {} });
  try {
    await context.oauth.authorize(request, response, { authenticateHandler: { handle: () => signedIn } });
  } catch {
    // The library has already turned the error into a redirect to the (verified) redirect_uri.
  }
  const location = response.get('location') as string | undefined;
  if (!location) return sendHtml(res, 500, errorPage('Sign-in failed', 'The authorization code could not be issued.'));
  redirect(res, location, { 'set-cookie': `${CSRF_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
}

export async function logout(req: IncomingMessage, res: ServerResponse, context: HostedUiContext): Promise<void> {
  const query = queryOf(req);
  const client = query.client_id ? context.store.client(query.client_id) : undefined;
  if (!client)
    return sendHtml(
      res,
      400,
      errorPage('An error was encountered with the requested page.', 'Invalid request: unknown or missing client_id.'),
    );
  const clearCookie = { 'set-cookie': `${CSRF_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
  if (query.logout_uri) {
    if (!client.logoutUrls.includes(query.logout_uri)) {
      return sendHtml(
        res,
        400,
        errorPage(
          'An error was encountered with the requested page.',
          'The logout_uri is not registered for this client.',
        ),
      );
    }
    return redirect(res, query.logout_uri, clearCookie);
  }
  // Cognito's other form: sign out, then sign in again (redirect_uri + response_type).
  const checked = checkAuthorizeRequest(query, context);
  if ('problem' in checked)
    return sendHtml(res, 400, errorPage('An error was encountered with the requested page.', checked.problem));
  redirect(res, `/login?${new URLSearchParams(checked.params as Record<string, string>).toString()}`, clearCookie);
}
