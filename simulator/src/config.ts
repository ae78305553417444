import { OAUTH_SCOPES, SKILL_LOCALES, stageSettings } from '../../src/config';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AccountLinkingSettings, loadAccountLinkingSettings } from './linking';

/**
 * The simulator's one config loader: defaults from the project (app.json dev stage, the built skill
 * package), then the environment passed in, then explicit overrides (flags, test options).
 * Never read deeper than here.
 */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
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
 * token endpoint on this machine — the local identity service's seeded stand-in secret.
 */
export function clientSecretFrom(env: Record<string, string | undefined>, accessTokenUrl: string): string | undefined {
  if (env.COGNITO_CLIENT_SECRET) return env.COGNITO_CLIENT_SECRET;
  const host = new URL(accessTokenUrl).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return undefined;
  return seededClientSecret();
}

function seededClientSecret(): string | undefined {
  const seedPath = join(PROJECT_ROOT, 'identity', 'seed.json');
  if (!existsSync(seedPath)) return undefined;
  try {
    return findKey(JSON.parse(readFileSync(seedPath, 'utf8')), 'clientSecret');
  } catch {
    return undefined;
  }
}

function findKey(value: unknown, key: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
    if (name === key && typeof inner === 'string') return inner;
    const found = findKey(inner, key);
    if (found) return found;
  }
  return undefined;
}
