import type { CognitoSettings } from './config';

/**
 * `npm run dev` (`jovo run`) starts the skill with --jovo-webhook, and then the Jovo debugger
 * plugin (@jovotech/plugin-debugger) sends every request as it arrived (access token included),
 * every change to the Jovo object (session data: name, email) and every answer to Jovo's debugger
 * service (webhook.jovo.cloud), and runs the requests that come back from there without the
 * server's checks (skill id, signature). Redacting all of that would mean filtering every path of a
 * proxy the plugin builds around the whole Jovo object, and would leave a debugger that shows
 * nothing. So the debugger runs only while every Cognito call stays on this machine: the local
 * stand-in's tokens and demo users are worthless anywhere else. Otherwise the skill refuses to start.
 */
export class DebuggerRefusedError extends Error {
  name = 'DebuggerRefusedError';
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function isLoopback(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  return LOOPBACK_HOSTS.test(new URL(url).hostname);
}

/** Whether GetUser and the JWKS both come from a service on this machine (the local stand-in). */
export function usesLocalIdentityService(cognito: Pick<CognitoSettings, 'apiEndpoint' | 'jwksUri'>): boolean {
  return isLoopback(cognito.apiEndpoint) && isLoopback(cognito.jwksUri);
}

/** Throws DebuggerRefusedError unless the skill talks to the local stand-in only. */
export function assertDebuggerMayConnect(cognito: Pick<CognitoSettings, 'apiEndpoint' | 'jwksUri'>): void {
  if (usesLocalIdentityService(cognito)) return;
  throw new DebuggerRefusedError(
    'the Jovo debugger sends requests (with their access tokens) and answers to webhook.jovo.cloud; ' +
      'it runs only against the local identity service (COGNITO_API_ENDPOINT and COGNITO_JWKS_URI on ' +
      'localhost). Unset them to use app.json dev, or start without --jovo-webhook (npm run start:dev ' +
      'without it, or npm start).',
  );
}
