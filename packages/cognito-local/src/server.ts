/** Routing: which surface (Cognito JSON API, Hosted UI, OAuth2 endpoints, well-known, local admin) answers. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { CognitoApiContext, handleCognitoApi } from './cognitoApi';
import { authorize, HostedUiContext, logout, showSignIn, submitSignIn } from './hostedUi';
import { BodyTooLargeError, pathOf, sendJson } from './http';
import { handleLocalAdmin } from './localAdmin';
import { OAuthEndpointContext, revoke, token, userInfo } from './oauthEndpoints';
import { Logger, RequestRecord, trackRequest } from './requestLog';
import { SigningKey } from './signingKey';
import { sendDiscovery, sendJwks } from './wellKnown';

export interface ServiceContext extends CognitoApiContext, HostedUiContext, OAuthEndpointContext {
  key: SigningKey;
  issuer: string;
  logger: Logger;
  /** Known once the server listens (port 0 picks one). */
  baseUrl(): string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, record: RequestRecord) => Promise<void> | void;

export function createIdentityServer(context: ServiceContext): Server {
  const pool = context.store.userPoolId;
  const routes: Record<string, Handler> = {
    'POST /': (req, res, record) => handleCognitoApi(req, res, context, record),
    [`GET /${pool}/.well-known/jwks.json`]: (_req, res) => sendJwks(res, context.key),
    [`GET /${pool}/.well-known/openid-configuration`]: (_req, res) =>
      sendDiscovery(res, context.baseUrl(), context.issuer, pool),
    'GET /oauth2/authorize': (req, res) => authorize(req, res, context),
    'GET /login': (req, res) => showSignIn(req, res, context),
    'POST /login': (req, res) => submitSignIn(req, res, context),
    'POST /oauth2/token': (req, res, record) => token(req, res, context, record),
    'POST /oauth2/revoke': (req, res) => revoke(req, res, context),
    'GET /oauth2/userInfo': (req, res) => userInfo(req, res, context),
    'POST /oauth2/userInfo': (req, res) => userInfo(req, res, context),
    'GET /logout': (req, res) => logout(req, res, context),
  };

  return createServer(async (req, res) => {
    const path = pathOf(req);
    const key = `${req.method} ${path}`;
    const handler = Object.hasOwn(routes, key) ? routes[key] : undefined;
    const local = path.startsWith('/_local/');
    const record = trackRequest(res, handler ? key : local ? 'local-admin' : 'unknown', context.logger);
    try {
      if (local) return await handleLocalAdmin(req, res, path, context.faults);
      if (!handler) return sendJson(res, 404, { error: 'not_found', error_description: `${req.method} ${path}` });
      await handler(req, res, record);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendJson(res, 413, { error: 'invalid_request', error_description: error.message });
      record.error = error;
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    }
  });
}
