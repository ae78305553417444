/** Routing: which surface (Cognito JSON API, Hosted UI and OAuth2 endpoints, well-known, /_local/*) answers. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { handleCognitoApi } from './cognitoApi';
import { RequestTooLargeException } from './errors';
import { InvalidFaultsError } from './faults';
import { authorize, logout, showError, showSignIn, submitSignIn } from './hostedUi';
import { adminRefusal, pathOf, readBody, sendHtml, sendJson } from './http';
import type { ServiceContext } from './index';
import { RequestRecord, trackRequest } from './log';
import { errorPage } from './loginPage';
import { revoke, token, userInfo } from './oauthEndpoints';
import { sendDiscovery, sendJwks } from './signingKey';

type Handler = (req: IncomingMessage, res: ServerResponse, record: RequestRecord) => Promise<void> | void;

export function createIdentityServer(context: ServiceContext): Server {
  const pool = context.store.pool.userPoolId;
  const routes: Record<string, Handler> = {
    'POST /': (req, res, record) => handleCognitoApi(req, res, context, record),
    [`GET /${pool}/.well-known/jwks.json`]: (_req, res) => sendJwks(res, context.key),
    [`GET /${pool}/.well-known/openid-configuration`]: (_req, res) =>
      sendDiscovery(res, context.baseUrl, context.issuer, pool),
  };
  // Served only while the pool has a domain, as Cognito serves them on the domain.
  const hostedRoutes: Record<string, Handler> = {
    'GET /oauth2/authorize': (req, res) => authorize(req, res, context),
    'GET /login': (req, res) => showSignIn(req, res, context),
    'POST /login': (req, res) => submitSignIn(req, res, context),
    'GET /error': (req, res) => showError(req, res),
    'POST /oauth2/token': (req, res) => token(req, res, context),
    'POST /oauth2/revoke': (req, res) => revoke(req, res, context),
    'GET /oauth2/userInfo': (req, res) => userInfo(req, res, context),
    'POST /oauth2/userInfo': (req, res) => userInfo(req, res, context),
    'GET /logout': (req, res) => logout(req, res, context),
  };

  return createServer(async (req, res) => {
    const path = pathOf(req);
    const key = `${req.method} ${path}`;
    const hosted = context.store.pool.domain && Object.hasOwn(hostedRoutes, key) ? hostedRoutes[key] : undefined;
    const handler = Object.hasOwn(routes, key) ? routes[key] : hosted;
    const local = path.startsWith('/_local/');
    const record = trackRequest(res, handler ? key : local ? 'local-admin' : 'unknown', context.logger);
    try {
      if (local) return await localAdmin(req, res, key, context);
      if (!handler) return sendJson(res, 404, { error: 'not_found', error_description: key });
      await handler(req, res, record);
    } catch (error) {
      if (error instanceof RequestTooLargeException) {
        if (path === '/login') return sendHtml(res, 413, errorPage('Request too large', error.message));
        return sendJson(res, 413, { error: 'invalid_request', error_description: error.message });
      }
      record.error = error;
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    }
  });
}

/** /_local/*: health, GetUser counters and fault injection for tests and benchmarks. */
async function localAdmin(req: IncomingMessage, res: ServerResponse, route: string, context: ServiceContext) {
  const { faults } = context;
  const refusal = adminRefusal(req, context);
  if (refusal) return sendJson(res, 403, { __type: 'AccessDeniedException', message: refusal });
  if (route === 'GET /_local/health') return sendJson(res, 200, { ok: true });
  if (route === 'GET /_local/stats') return sendJson(res, 200, faults.stats());
  if (route === 'POST /_local/stats/reset') return sendJson(res, 200, faults.resetStats());
  if (route === 'GET /_local/faults') return sendJson(res, 200, faults.current());
  if (route === 'DELETE /_local/faults') return sendJson(res, 200, faults.clear());
  if (route !== 'PUT /_local/faults') return sendJson(res, 404, { error: `no local admin endpoint ${route}` });
  try {
    sendJson(res, 200, faults.set(JSON.parse((await readBody(req)) || '{}')));
  } catch (error) {
    if (!(error instanceof InvalidFaultsError || error instanceof SyntaxError)) throw error;
    sendJson(res, 400, { error: error instanceof InvalidFaultsError ? error.message : 'body must be a JSON object' });
  }
}
