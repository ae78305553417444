/**
 * /oauth2/token (through @node-oauth/oauth2-server), /oauth2/revoke (RFC 7009) and /oauth2/userInfo
 * (RFC 6750 bearer token). Errors are RFC 6749 JSON; a failed client authentication is 401 with
 * WWW-Authenticate (RFC 6749 §5.2), whether the client used HTTP Basic or the body
 * (clientAuthentication.ts decides, for both endpoints).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { revokeRefreshToken } from './authFlows';
import { authenticateClient } from './clientAuthentication';
import { CognitoError } from './errors';
import { flatHeaders, parseForm, readBody, sendJson } from './http';
import { RequestRecord } from './requestLog';
import { IdentityStore } from './store';
import { TokenIssuer } from './tokens';

export interface OAuthEndpointContext {
  store: IdentityStore;
  tokens: TokenIssuer;
  oauth: OAuth2Server;
}

const SUPPORTED_GRANTS = ['authorization_code', 'refresh_token'];

export async function token(
  req: IncomingMessage,
  res: ServerResponse,
  context: OAuthEndpointContext,
  record: RequestRecord,
) {
  const body = parseForm(await readBody(req));
  // The library also knows the password and client_credentials grants; this client does not offer them.
  if (body.grant_type && !SUPPORTED_GRANTS.includes(body.grant_type)) {
    return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
  }
  // Clients authenticate here, with the decoder every endpoint shares; the library then gets the
  // client's own credentials in the body (its Basic parser would not form-decode them).
  const client = authenticateClient(context.store, req.headers.authorization, body);
  if (!client) return sendInvalidClient(res);
  const { authorization: _authorization, ...headers } = flatHeaders(req);
  const authenticated: Record<string, string> = { ...body, client_id: client.clientId };
  if (client.clientSecret) authenticated.client_secret = client.clientSecret;
  else delete authenticated.client_secret;
  const request = new OAuth2Server.Request({ method: 'POST', headers, query: {}, body: authenticated });
  const response = new OAuth2Server.Response({ headers: {} });
  try {
    await context.oauth.token(request, response);
    sendJson(res, 200, response.body, { pragma: 'no-cache' });
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError)) throw error;
    if (error.name === 'server_error') record.error = error;
    if (error.name === 'invalid_client') return sendInvalidClient(res);
    sendJson(res, error.code, { error: error.name, error_description: error.message });
  }
}

export async function revoke(req: IncomingMessage, res: ServerResponse, { store }: OAuthEndpointContext) {
  const body = parseForm(await readBody(req));
  const client = authenticateClient(store, req.headers.authorization, body);
  if (!client) return sendInvalidClient(res);
  if (!body.token)
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing parameter: token' });
  // Revoking a refresh token also revokes every access token issued from it (Cognito, origin_jti).
  revokeRefreshToken(store, client, body.token);
  res.writeHead(200, { 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}

export async function userInfo(req: IncomingMessage, res: ServerResponse, { tokens }: OAuthEndpointContext) {
  const header = String(req.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return sendJson(res, 401, { error: 'invalid_request' }, { 'www-authenticate': 'Bearer realm="cognito-local"' });
  }
  try {
    const { claims, user } = await tokens.authenticate(match[1]);
    if (!claims.scope.split(' ').includes('openid')) {
      return sendJson(
        res,
        403,
        { error: 'insufficient_scope' },
        { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid"' },
      );
    }
    // As Cognito: attribute values as strings (email_verified is "true", not true), plus username.
    sendJson(res, 200, { sub: user.sub, ...user.attributes, username: user.username });
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: error.message },
      {
        'www-authenticate': `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`,
      },
    );
  }
}

/** RFC 6749 §5.2: 401 with a challenge for the scheme the client may use. */
function sendInvalidClient(res: ServerResponse): void {
  sendJson(
    res,
    401,
    { error: 'invalid_client', error_description: 'Invalid client: client is invalid' },
    { 'www-authenticate': 'Basic realm="cognito-local", charset="UTF-8"' },
  );
}
