/**
 * The Hosted UI as Alexa uses it: /oauth2/authorize checks the client and redirect_uri and sends the
 * browser to /login; the sign-in form POSTs back to /login, which redirects to redirect_uri with a
 * single-use code and the state. As Cognito documents it: an unregistered redirect_uri goes to
 * /error?error=redirect_mismatch and is never redirected to (RFC 6749 §4.1.2.1); once it is trusted,
 * other problems go back to it: invalid_request, unauthorized_client (a response_type the client's
 * AllowedOAuthFlows lacks), invalid_scope (a scope it does not allow, or email/phone/profile without openid).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { AppClient } from './appClients';
import { checkPassword } from './authFlows';
import { CognitoError } from './errors';
import { cookieOf, parseForm, queryOf, readBody, redirect, sendHtml } from './http';
import { AUTHORIZE_PARAMS, AuthorizeParams, errorPage, signInPage } from './loginPage';
import type { ServiceContext } from './index';

const CSRF_COOKIE = 'XSRF-TOKEN';
const CLEAR_CSRF = { 'set-cookie': `${CSRF_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
const PAGE_ERROR = 'An error was encountered with the requested page.';
type Request = { client: AppClient; params: AuthorizeParams };

/** The checks that must pass before anything may be sent to redirect_uri: a problem page, or the request. */
function checkAuthorizeRequest(fields: Record<string, string>, res: ServerResponse, context: ServiceContext) {
  const params: AuthorizeParams = {};
  for (const name of AUTHORIZE_PARAMS) if (fields[name] !== undefined) params[name] = fields[name];
  const client = params.client_id ? context.store.client(params.client_id) : undefined;
  if (!client) return void sendHtml(res, 400, errorPage(PAGE_ERROR, 'Invalid request: unknown or missing client_id.'));
  if (!params.redirect_uri || !context.redirectUrisOf(client).includes(params.redirect_uri)) {
    const mismatch = new URLSearchParams({ error: 'redirect_mismatch', client_id: client.ClientId });
    return void redirect(res, `/error?${mismatch}`);
  }
  if (!client.SupportedIdentityProviders.includes('COGNITO')) {
    return void sendHtml(res, 400, errorPage(PAGE_ERROR, 'Login option is not available. Please try another one'));
  }
  return { client, params };
}

/** Cognito's authorize errors, sent back to the (trusted) redirect_uri; undefined when there is none. */
function protocolError({ client, params }: Request): string | undefined {
  if (!params.response_type || (params.code_challenge && params.code_challenge_method !== 'S256')) {
    return 'invalid_request';
  }
  const flow = { code: 'code', token: 'implicit' }[params.response_type];
  if (!flow || !client.AllowedOAuthFlowsUserPoolClient || !client.AllowedOAuthFlows.includes(flow)) {
    return 'unauthorized_client';
  }
  // Locally only the code grant is issued: a client that also allows the implicit grant is told so.
  if (flow !== 'code') return 'unsupported_response_type';
  const scopes = requestedScopes({ client, params });
  const needOpenid = scopes.some((scope) => ['email', 'phone', 'profile'].includes(scope));
  if ((needOpenid && !scopes.includes('openid')) || scopes.some((scope) => !client.AllowedOAuthScopes.includes(scope)))
    return 'invalid_scope';
  return undefined;
}

/** Cognito: "If the client doesn't request any scopes, the authentication server uses all scopes associated with the client." */
const requestedScopes = ({ client, params }: Request) =>
  params.scope?.trim() ? params.scope.trim().split(/\s+/) : client.AllowedOAuthScopes;

function toRedirectUri(res: ServerResponse, params: AuthorizeParams, answer: Record<string, string>): void {
  const target = new URL(params.redirect_uri as string);
  for (const [name, value] of Object.entries({ ...answer, ...(params.state ? { state: params.state } : {}) })) {
    target.searchParams.set(name, value);
  }
  redirect(res, target.toString(), CLEAR_CSRF);
}

export async function authorize(req: IncomingMessage, res: ServerResponse, context: ServiceContext): Promise<void> {
  const request = checkAuthorizeRequest(queryOf(req), res, context);
  if (!request) return;
  const error = protocolError(request);
  if (error) return toRedirectUri(res, request.params, { error });
  redirect(res, `/login?${new URLSearchParams(request.params as Record<string, string>)}`);
}

export async function showSignIn(req: IncomingMessage, res: ServerResponse, context: ServiceContext): Promise<void> {
  const request = checkAuthorizeRequest(queryOf(req), res, context);
  if (!request) return;
  const csrfToken = context.csrf.issue(request.params);
  sendHtml(res, 200, signInPage({ ...request, csrfToken, email: context.store.emailIsUsername }), {
    'set-cookie': `${CSRF_COOKIE}=${csrfToken}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

export async function submitSignIn(req: IncomingMessage, res: ServerResponse, context: ServiceContext): Promise<void> {
  const form = parseForm(await readBody(req));
  const request = checkAuthorizeRequest(form, res, context);
  if (!request) return;
  // Cognito answers a missing or wrong CSRF token with its generic error page; nothing is issued.
  const cookie = cookieOf(req, CSRF_COOKIE) ?? '';
  if (!context.csrf.verify(cookie, form._csrf ?? '', request.params)) {
    const expired = 'The sign-in form has expired or was not issued for this request: start again from the app.';
    return sendHtml(res, 400, errorPage(PAGE_ERROR, expired));
  }
  const page = { ...request, csrfToken: cookie, email: context.store.emailIsUsername, username: form.username };
  const rerender = (error: string) => sendHtml(res, 400, signInPage({ ...page, error }));
  const user = await checkPassword(context, request.client, form.username ?? '', form.password ?? '').catch(
    (error: unknown) => (error instanceof CognitoError ? error : Promise.reject(error)),
  );
  if (user instanceof CognitoError) return rerender(user.message);
  if (user.status !== 'CONFIRMED')
    return rerender('This account must set a new password first (AdminSetUserPassword).');
  const error = protocolError(request);
  if (error) return toRedirectUri(res, request.params, { error });
  const grant = { ...request, scope: requestedScopes(request), username: user.username, sub: user.sub };
  toRedirectUri(res, request.params, { code: context.codes.issue(grant) });
}

/** Cognito's error page, where an unregistered redirect_uri is sent (/error?error=redirect_mismatch&client_id=...). */
export const showError = (req: IncomingMessage, res: ServerResponse) =>
  sendHtml(res, 400, errorPage(PAGE_ERROR, `Error: ${queryOf(req).error ?? 'unknown'}`));

/** Ends at a registered logout_uri, or (Cognito's other form, redirect_uri + response_type) signs in again. */
export async function logout(req: IncomingMessage, res: ServerResponse, context: ServiceContext): Promise<void> {
  const query = queryOf(req);
  const client = query.client_id ? context.store.client(query.client_id) : undefined;
  if (query.logout_uri) {
    if (client?.LogoutURLs.includes(query.logout_uri)) return redirect(res, query.logout_uri, CLEAR_CSRF);
    return sendHtml(res, 400, errorPage(PAGE_ERROR, 'The logout_uri is not registered for this client.'));
  }
  const request = checkAuthorizeRequest(query, res, context);
  if (request) redirect(res, `/login?${new URLSearchParams(request.params as Record<string, string>)}`, CLEAR_CSRF);
}
