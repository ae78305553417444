import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SKILL_LOCALES } from '../../../src/config';
import { OAUTH_SCOPES, stageSettings } from '../../../deploy/settings';
import { join, resolve } from 'node:path';
import { AccountLinkingSettings, loadAccountLinkingSettings } from './linking';

/**
 * The simulator's one config loader: defaults from the project (app.json dev stage, the built skill
 * package), then the environment passed in, then explicit overrides (flags, test options).
 * Never read deeper than here.
 */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');
export const DEFAULT_SKILL_PACKAGE_DIR = join(PROJECT_ROOT, 'build', 'platform.alexa', 'skill-package');
export const DEFAULT_MODELS_DIR = join(PROJECT_ROOT, 'models');
export const DEFAULT_LOCALES = Object.keys(SKILL_LOCALES);
export const DEFAULT_SKILL_ENDPOINT = stageSettings('dev').endpoint;
export const DEFAULT_SIMULATOR_PORT = 3001;

/** The simulator plays Alexa for the local (dev) stage: its settings come from the project's one settings module. */
function devStage() {
  return stageSettings('dev');
}

export function defaultSkillId(): string {
  return devStage().skillId;
}

/**
 * Account linking as the built skill package says; before a build, as app.json's dev stage implies
 * (the Cognito domain's Hosted UI, the app client, Cognito's scopes).
 */
export function accountLinkingSettings(
  skillPackageDir: string,
  overrides: Partial<AccountLinkingSettings> = {},
  identityUrl?: string,
): AccountLinkingSettings {
  const dev = devStage();
  const built = loadAccountLinkingSettings(skillPackageDir);
  // A package built for another stage (`build:alexa -- --stage prod`) links against another
  // pool's client; the simulator stands in for Alexa in dev, so it only trusts a dev build.
  const settings: AccountLinkingSettings = (built?.clientId === dev.appClientId ? built : undefined) ?? {
    type: 'AUTH_CODE',
    authorizationUrl: `${dev.cognitoDomain}/oauth2/authorize`,
    accessTokenUrl: `${dev.cognitoDomain}/oauth2/token`,
    clientId: dev.appClientId,
    scopes: [...OAUTH_SCOPES],
    accessTokenScheme: 'HTTP_BASIC',
  };
  // A Hosted UI somewhere else (a test's ephemeral port, another Cognito domain): same paths, new origin.
  if (identityUrl) {
    settings.authorizationUrl = rebase(settings.authorizationUrl, identityUrl);
    settings.accessTokenUrl = rebase(settings.accessTokenUrl, identityUrl);
  }
  return { ...settings, ...overrides };
}

function rebase(url: string, base: string): string {
  const original = new URL(url);
  return new URL(original.pathname + original.search, base.endsWith('/') ? base : `${base}/`).toString();
}

/**
 * Alexa holds the client secret, so the simulator needs it: COGNITO_CLIENT_SECRET, or — only for a
 * token endpoint on this machine — the local identity service's, read the way an operator reads it
 * from Cognito: DescribeUserPoolClient. Undefined when neither is available (the caller says so).
 */
export async function clientSecretFrom(
  env: Record<string, string | undefined>,
  settings: Pick<AccountLinkingSettings, 'accessTokenUrl' | 'clientId'>,
): Promise<string | undefined> {
  if (env.COGNITO_CLIENT_SECRET) return env.COGNITO_CLIENT_SECRET;
  const tokenEndpoint = new URL(settings.accessTokenUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(tokenEndpoint.hostname)) return undefined;
  return localClientSecret(tokenEndpoint.origin, settings.clientId);
}

/** The identity service answers the Cognito API at the origin of its Hosted UI. */
async function localClientSecret(identityUrl: string, clientId: string): Promise<string | undefined> {
  const { region, userPoolId } = devStage();
  const cognito = new CognitoIdentityProviderClient({
    region,
    endpoint: identityUrl,
    // The local service takes any credentials (it listens on loopback only); AWS would need IAM ones.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const { UserPoolClient } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      { abortSignal: AbortSignal.timeout(3000) },
    );
    return UserPoolClient?.ClientSecret;
  } catch {
    return undefined; // not running, or another pool: the caller warns that linking will fail
  } finally {
    cognito.destroy();
  }
}
