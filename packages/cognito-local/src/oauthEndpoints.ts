/**
 * /oauth2/token (Cognito's code grant with PKCE S256, refresh grant without rotation), /oauth2/revoke and
 * /oauth2/userInfo. Our own code: these two grants under Cognito's rules are shorter than the adapter
 * model a general OAuth 2.0 server library needs. https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
import { createHash, randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AppClient, readableAttributes, releasedByScopes } from './appClients';
import { revokeRefreshToken } from './authFlows';
import { authenticateClient } from './clientAuthentication';
import { CognitoError } from './errors';
import { parseForm, readBody, sendJson } from './http';
import { secretsEqual } from './passwords';
import type { ServiceContext } from './index';
import { AuthorizeParams } from './loginPage';
import { IssuedTokens } from './tokens';

/** What a Hosted UI sign-in granted (the authorize request, the user, the scopes), until its code is exchanged. */
type Grant = { client: AppClient; params: AuthorizeParams; scope: string[]; username: string; sub: string };

/** Single use and minutes long, in memory: a restart invalidates codes that nobody exchanged yet. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, Grant & { expiresAt: number }>();

  constructor(private readonly ttlSeconds: number) {}

  issue(grant: Grant): string {
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: Date.now() + this.ttlSeconds * 1000 });
    return code;
  }

  /** A code is spent by its first exchange, right or wrong. */
  take(code: string): Grant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAt >= Date.now() ? grant : undefined;
  }
}

/** An RFC 6749 §5.2 error: `code` is the `error` field, the message its description. */
class OAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, string>;

export async function token(req: IncomingMessage, res: ServerResponse, context: ServiceContext) {
  const body = parseForm(await readBody(req));
  const client = authenticateClient(context.store, req.headers.authorization, body);
  if (!client) return sendInvalidClient(res, req.headers.authorization !== undefined);
  const grant = { authorization_code: exchangeCode, refresh_token: refresh }[body.grant_type];
  try {
    if (!body.grant_type) throw new OAuthError('invalid_request', 'Missing parameter: grant_type');
    if (!grant) throw new OAuthError('unsupported_grant_type', 'Unsupported grant type');
    const { AccessToken, IdToken, RefreshToken, ExpiresIn } = await grant(body, client, context);
    const answer = { access_token: AccessToken, id_token: IdToken, refresh_token: RefreshToken, expires_in: ExpiresIn };
    sendJson(res, 200, { ...answer, token_type: 'Bearer' }, { pragma: 'no-cache' });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    sendJson(res, 400, { error: error.code, error_description: error.message });
  }
}

async function exchangeCode(body: Body, client: AppClient, { store, tokens, codes }: ServiceContext) {
  if (!body.code || !body.redirect_uri) throw new OAuthError('invalid_request', 'Missing code or redirect_uri');
  if (!client.AllowedOAuthFlows.includes('code')) throw new OAuthError('unauthorized_client', 'No code grant');
  const grant = codes.take(body.code);
  if (grant?.client.ClientId !== client.ClientId || grant.params.redirect_uri !== body.redirect_uri) {
    throw new OAuthError('invalid_grant', 'Invalid authorization code');
  }
  const [challenge, verifier] = [grant.params.code_challenge, body.code_verifier ?? ''];
  const computed = createHash('sha256').update(verifier).digest('base64url');
  if (challenge && !(verifier && secretsEqual(challenge, computed)))
    throw new OAuthError('invalid_grant', 'Bad verifier');
  const user = store.user(grant.username);
  if (user?.sub !== grant.sub || !user.enabled) throw new OAuthError('invalid_grant', 'User is disabled or deleted');
  return tokens.signIn(user, client, grant.scope, grant.params.nonce);
}

async function refresh(body: Body, client: AppClient, { tokens }: ServiceContext): Promise<IssuedTokens> {
  if (!body.refresh_token) throw new OAuthError('invalid_request', 'Missing parameter: refresh_token');
  try {
    const { session, user } = tokens.refreshSession(body.refresh_token, client);
    return await tokens.tokensFor(user, client, session);
  } catch (error) {
    throw error instanceof CognitoError ? new OAuthError('invalid_grant', error.message) : error;
  }
}

export async function revoke(req: IncomingMessage, res: ServerResponse, { store }: ServiceContext) {
  const body = parseForm(await readBody(req));
  const client = authenticateClient(store, req.headers.authorization, body);
  if (!client) return sendInvalidClient(res, req.headers.authorization !== undefined);
  if (!body.token) return sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing token' });
  revokeRefreshToken(store, client, body.token);
  res.writeHead(200, { 'cache-control': 'no-store', 'content-length': 0 }).end();
}

/** The attributes the token's client may read, released by the token's scopes (attributes.ts), and username. */
export async function userInfo(req: IncomingMessage, res: ServerResponse, { tokens }: ServiceContext) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const challenge = (error: string) => ({ 'www-authenticate': `Bearer error="${error}"` });
  if (!bearer) return sendJson(res, 401, { error: 'invalid_request' }, challenge('invalid_request'));
  try {
    const { scopes, user, client } = await tokens.authenticate(bearer);
    if (!scopes.includes('openid'))
      return sendJson(res, 403, { error: 'insufficient_scope' }, challenge('insufficient_scope'));
    // As Cognito: attribute values as strings (email_verified is "true", not true), plus username.
    sendJson(res, 200, { ...releasedByScopes(readableAttributes(user, client), scopes), username: user.username });
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    sendJson(res, 401, { error: 'invalid_token', error_description: error.message }, challenge('invalid_token'));
  }
}

/**
 * RFC 6749 §5.2: a client that tried an Authorization header (HTTP Basic, or a scheme this endpoint
 * does not take) gets 401 with a challenge; one that sent its credentials in the body gets the 400
 * Cognito documents for invalid_client.
 */
function sendInvalidClient(res: ServerResponse, triedHeader: boolean): void {
  const body = { error: 'invalid_client', error_description: 'Client authentication failed' };
  if (!triedHeader) return sendJson(res, 400, body);
  sendJson(res, 401, body, { 'www-authenticate': 'Basic realm="cognito-local"' });
}
