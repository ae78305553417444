import { randomBytes } from 'node:crypto';
import { OAUTH_SCOPES, StageSettings } from '../settings';
import { alexaRedirectUrls, regionOf } from './appClientChecks';
import { check, fail, Finding, pass, skip } from './report';

/**
 * What Alexa does, tried without credentials of any user: open the authorization endpoint with each of
 * its redirect URLs, and redeem a code at the token endpoint with HTTP Basic. Nobody signs in, and a
 * made-up code changes nothing.
 */
const signal = () => AbortSignal.timeout(5000);
const noAnswer = (error: Error) => `no answer (${(error.cause as Error | undefined)?.message ?? error.message})`;
/** What managed login (version 2) shows instead of a sign-in form to a client without a branding style. */
const UNAVAILABLE = 'Login pages unavailable';

/** Why Cognito refused Alexa's authorization request (its OAuth error, or what came instead of a sign-in page). */
async function authorizeRefusal(base: string, clientId: string, redirectUri: string): Promise<string | undefined> {
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri });
  query.set('scope', OAUTH_SCOPES.join(' '));
  query.set('state', randomBytes(8).toString('hex'));
  let url = new URL(`${base}/oauth2/authorize?${query}`);
  for (let hop = 0; hop < 5; hop++) {
    const response = await fetch(url, { redirect: 'manual', signal: signal() });
    const location = response.headers.get('location');
    if (!location) {
      if (!response.ok) return `HTTP ${response.status}`;
      return (await response.text()).includes(UNAVAILABLE) ? UNAVAILABLE : undefined;
    }
    // Cognito sends its errors to a trusted redirect_uri, or to its own /error page when the URI is not one.
    url = new URL(location, url);
    const error = url.searchParams.get('error') ?? (url.href.startsWith(redirectUri) ? 'no sign-in' : null);
    if (error) return error;
  }
  return 'too many redirects';
}

const FIXES: Record<string, (settings: StageSettings) => string> = {
  redirect_mismatch: () => 'allow all three of Alexa\'s redirect URLs on the app client (see "redirect URLs").',
  invalid_scope: () => `allow the scopes ${OAUTH_SCOPES.join(', ')} on the app client (see "scopes").`,
  unauthorized_client: () => 'allow the authorization code grant on the app client (see "code grant").',
  [UNAVAILABLE]: (s) =>
    `give the app client a branding style: \`aws cognito-idp create-managed-login-branding --user-pool-id ${s.userPoolId} --client-id ${s.appClientId} --use-cognito-provided-values\`, or switch the domain to the hosted UI (classic).`,
};
const fixFor = (answer: string, settings: StageSettings) =>
  FIXES[answer]?.(settings) ??
  `check that ${settings.cognitoDomain} is this pool's domain and ACTIVE (app.json stages.${settings.stage}.cognitoDomain, or COGNITO_DOMAIN), and that the app client is this one.`;

export async function signInPageFindings(settings: StageSettings): Promise<Finding[]> {
  const { cognitoDomain: base, appClientId } = settings;
  if (!base) return [skip('sign-in page', 'not tried: the pool has no domain')];
  const urls = alexaRedirectUrls(settings.vendorId);
  const refusals = await Promise.all(urls.map((url) => authorizeRefusal(base, appClientId, url).catch(noAnswer)));
  const findings = [...new Set(refusals)].flatMap((refusal) => {
    const regions = urls.filter((_, index) => refusals[index] === refusal).map(regionOf);
    const why = `${base}/oauth2/authorize answers ${refusal} to Alexa in ${regions.join(', ')}.`;
    return refusal ? [fail('sign-in page', why, fixFor(refusal, settings))] : [];
  });
  return findings.length ? findings : [pass('sign-in page', `served to Alexa in all three regions at ${base}`)];
}

/** `invalid_grant`: the client authenticated and only the code was refused. `invalid_client`: it did not. */
export async function tokenEndpointFinding(settings: StageSettings, secret: string | undefined): Promise<Finding> {
  const name = 'HTTP Basic';
  if (!settings.cognitoDomain || !secret) return skip(name, `not tried: ${secret ? 'no domain' : 'no client secret'}`);
  // RFC 6749 §2.3.1: id and secret are form-encoded, then joined and Base64-encoded.
  const basic = Buffer.from(`${encodeURIComponent(settings.appClientId)}:${encodeURIComponent(secret)}`);
  const [code, redirectUri] = [randomBytes(16).toString('hex'), alexaRedirectUrls(settings.vendorId)[0]];
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  const url = `${settings.cognitoDomain}/oauth2/token`;
  const headers = { authorization: `Basic ${basic.toString('base64')}` };
  const response = await fetch(url, { method: 'POST', headers, body, signal: signal() }).catch((error: Error) => error);
  const answer: string =
    response instanceof Error
      ? noAnswer(response)
      : ((await response.json().catch(() => ({}))).error ?? `HTTP ${response.status}`);
  const problem = `${url} answers ${answer} to the app client's own id and secret (HTTP Basic) and a made-up code.`;
  const fits = 'the client authenticates, and a made-up code gets invalid_grant';
  return check(name, answer !== 'invalid_grant' && problem, fits, fixFor(answer, settings));
}
