/** The pool's OpenID discovery document and JWKS, at the paths Cognito serves them. */
import { ServerResponse } from 'node:http';
import { sendJson } from './http';
import { SigningKey } from './signingKey';

export function sendJwks(res: ServerResponse, key: SigningKey): void {
  sendJson(res, 200, { keys: [key.publicJwk] }, { 'cache-control': 'public, max-age=300' });
}

/**
 * Cognito's document, with the endpoints pointing at this service and the issuer in Cognito's form
 * (the issuer is a name, not where tokens come from; verifiers compare it, never fetch it).
 */
export function sendDiscovery(res: ServerResponse, baseUrl: string, issuer: string, userPoolId: string): void {
  sendJson(res, 200, {
    issuer,
    authorization_endpoint: `${baseUrl}/oauth2/authorize`,
    token_endpoint: `${baseUrl}/oauth2/token`,
    userinfo_endpoint: `${baseUrl}/oauth2/userInfo`,
    revocation_endpoint: `${baseUrl}/oauth2/revoke`,
    end_session_endpoint: `${baseUrl}/logout`,
    jwks_uri: `${baseUrl}/${userPoolId}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['sub', 'email', 'email_verified', 'name', 'cognito:username', 'auth_time', 'iss', 'aud'],
  });
}
