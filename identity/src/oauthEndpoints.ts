/**
 * /oauth2/token (through @node-oauth/oauth2-server), /oauth2/revoke (RFC 7009) and /oauth2/userInfo
 * (RFC 6750 bearer token). Errors are RFC 6749 JSON; a failed client authentication is 401 with
 * WWW-Authenticate (RFC 6749 §5.2), whether the client used HTTP Basic or the body.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { revokeRefreshToken } from './authFlows';
import { CognitoError } from './errors';
import { flatHeaders, parseForm, readBody, sendJson } from './http';
import { RequestRecord } from './requestLog';
import { secretsEqual } from './secrets';
import { AppClient, IdentityStore } from './store';
import { TokenIssuer } from './tokens';

export interface OAuthEndpointContext {
  store: IdentityStore;
  tokens: TokenIssuer;
  oauth: OAuth2Server;
}

const SUPPORTED_GRANTS = ['authorization_code', 'refresh_token'];
const CLIENT_CHALLENGE = { 'www-authenticate': 'Basic realm="cognito-local", charset="UTF-8"' };

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
  const request = new OAuth2Server.Request({ method: 'POST', headers: flatHeaders(req), query: {}, body });
  const response = new OAuth2Server.Response({ headers: {} });
  try {
    await context.oauth.token(request, response);
    sendJson(res, 200, response.body, { pragma: 'no-cache' });
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError)) throw error;
    if (error.name === 'server_error') record.error = error;
    const challenge = error.name === 'invalid_client' ? CLIENT_CHALLENGE : {};
    const status = error.name === 'invalid_client' ? 401 : error.code;
    sendJson(res, status, { error: error.name, error_description: error.message }, challenge);
  }
}

export async function revoke(req: IncomingMessage, res: ServerResponse, { store }: OAuthEndpointContext) {
  const body = parseForm(await readBody(req));
  const client = authenticateClient(req, body, store);
  if (!client) return sendJson(res, 401, { error: 'invalid_client' }, CLIENT_CHALLENGE);
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

/** client_secret_basic (RFC 6749 §2.3.1: id and secret form-encoded, then Base64) or client_secret_post. */
function authenticateClient(
  req: IncomingMessage,
  body: Record<string, string>,
  store: IdentityStore,
): AppClient | undefined {
  let clientId = body.client_id;
  let clientSecret = body.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    try {
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    } catch {
      return undefined;
    }
  }
  const client = clientId ? store.client(clientId) : undefined;
  if (!client) return undefined;
  if (client.clientSecret && !secretsEqual(client.clientSecret, clientSecret ?? '')) return undefined;
  return client;
}
