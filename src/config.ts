import { skill } from '../app.json';
import { LogLevel } from './logger';
import { isProfileAttribute, PROFILE_ATTRIBUTES, ProfileAttribute } from './profileFields';

/**
 * The skill's settings at run time, read from its environment only: the stack sets it on the Lambda
 * function, and the dev stage on this machine sets the same variables (deploy/settings.ts,
 * functionEnvironment). Nothing deeper reads process.env. The skill's names come from app.json's
 * `skill` block (only that block is bundled).
 */
export type Stage = 'dev' | 'prod';

/** What users hear and say: the skill's display name and the words that open it. */
export interface SkillNames {
  /** Shown in the Alexa app and spoken in answers ("Welcome to Profile Keeper"). */
  name: string;
  /** What users say after "Alexa, open" (lower case, two or more words). */
  invocationName: string;
}

export const SKILL_NAMES: SkillNames = skill;

/** The skill's locales, and the interaction model (models/<language>.json) each one uses. */
export const SKILL_LOCALES = {
  'en-US': 'en',
  'en-GB': 'en',
  'de-DE': 'de',
  'es-ES': 'es',
} as const;
export type SkillLocale = keyof typeof SKILL_LOCALES;

export class ConfigError extends Error {
  name = 'ConfigError';
}

// ---------------------------------------------------------------------------------------------
// The skill at run time

export interface CognitoSettings {
  region: string;
  userPoolId: string;
  appClientId: string;
  /** Identity-provider API endpoint. Unset in AWS (the SDK's regional endpoint); set for the local stand-in. */
  apiEndpoint?: string;
  /** Where the JWKS is fetched from. Unset in AWS (derived from the pool id, https only). */
  jwksUri?: string;
  /** The pool's JWKS known at start (shipped with the bundle); fetched again only for an unknown key id. */
  jwks?: { keys: Record<string, unknown>[] };
  /** Total time for one user lookup (JWKS fetch + GetUser with SDK retries), well inside Alexa's 8 s. */
  timeBudgetMs: number;
  /** Most users kept in the in-memory cache of a warm container. */
  userCacheMaxEntries: number;
  /**
   * A cached user older than this is checked with Cognito again when a new session starts, so a
   * signed-out, disabled or deleted user is noticed within this bound.
   */
  recheckAfterMs: number;
  /**
   * Access-token claims that carry the user's profile (Cognito's pre token generation trigger).
   * When a verified token has them, GetUser is not called for it. Off unless configured.
   */
  profileClaims?: ProfileClaims;
}

/** Which access-token claim carries which profile attribute (src/profileFields.ts). */
export type ProfileClaims = Partial<Record<ProfileAttribute, string>>;

/** The CloudWatch metrics of the Lambda function (Powertools, src/emfMetrics.ts). */
export interface MetricsSettings {
  /** POWERTOOLS_METRICS_NAMESPACE; the stack sets it from app.json. */
  namespace: string;
  /** POWERTOOLS_SERVICE_NAME; unset: Powertools' default. */
  serviceName?: string;
}

export interface SkillConfig {
  stage: Stage;
  skillNames: SkillNames;
  skillId: string;
  cognito: CognitoSettings;
  /** Verify Alexa's request signature and timestamp on the HTTPS endpoint (always on in prod). */
  verifyAlexaRequests: boolean;
  logLevel: LogLevel;
  metrics: MetricsSettings;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function numberFrom(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${key} must be a positive number, got "${raw}"`);
  }
  return value;
}

function booleanFrom(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

/**
 * COGNITO_PROFILE_CLAIMS: the attributes the token carries, comma-separated, each as `attribute`
 * (a claim of the same name) or `attribute=claim`: "email,name" or "email=custom:mail,name". Unset: off.
 */
function profileClaimsFrom(env: Env): ProfileClaims | undefined {
  const raw = env.COGNITO_PROFILE_CLAIMS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const claims: ProfileClaims = {};
  for (const entry of raw.split(',')) {
    const [attribute, claim = attribute, extra] = entry.split('=').map((part) => part.trim());
    if (!isProfileAttribute(attribute) || extra !== undefined || !/^[A-Za-z][\w:.-]*$/.test(claim)) {
      throw new ConfigError(
        `COGNITO_PROFILE_CLAIMS: "${entry.trim()}" is not attribute or attribute=claim, for an attribute the skill reads (${PROFILE_ATTRIBUTES.join(', ')})`,
      );
    }
    claims[attribute] = claim;
  }
  return claims;
}

/** The skill's configuration for a stage, from its environment. */
export function loadSkillConfig(stage: Stage, env: Env): SkillConfig {
  const logLevel = (env.LOG_LEVEL ?? (stage === 'prod' ? 'info' : 'warn')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const verifyAlexaRequests = booleanFrom(env, 'ALEXA_VERIFY_REQUESTS', stage === 'prod');
  if (stage === 'prod' && !verifyAlexaRequests) {
    // Amazon's certification requires it for HTTPS endpoints; a prod build must not be able to skip it.
    throw new ConfigError('Alexa request verification cannot be switched off in the prod stage');
  }
  const config: SkillConfig = {
    stage,
    skillNames: SKILL_NAMES,
    skillId: env.SKILL_ID ?? '',
    cognito: {
      region: env.COGNITO_REGION || env.AWS_REGION || '',
      userPoolId: env.COGNITO_USER_POOL_ID ?? '',
      appClientId: env.COGNITO_APP_CLIENT_ID ?? '',
      apiEndpoint: env.COGNITO_API_ENDPOINT || undefined,
      jwksUri: env.COGNITO_JWKS_URI || undefined,
      timeBudgetMs: numberFrom(env, 'COGNITO_TIME_BUDGET_MS', 2500),
      userCacheMaxEntries: numberFrom(env, 'USER_CACHE_MAX_ENTRIES', 1000),
      recheckAfterMs: numberFrom(env, 'COGNITO_RECHECK_AFTER_S', 300) * 1000,
      profileClaims: profileClaimsFrom(env),
    },
    verifyAlexaRequests,
    logLevel,
    metrics: {
      namespace: env.POWERTOOLS_METRICS_NAMESPACE || 'ProfileKeeper',
      serviceName: env.POWERTOOLS_SERVICE_NAME || undefined,
    },
  };
  const missing = [
    ['SKILL_ID', config.skillId],
    ['COGNITO_REGION', config.cognito.region],
    ['COGNITO_USER_POOL_ID', config.cognito.userPoolId],
    ['COGNITO_APP_CLIENT_ID', config.cognito.appClientId],
  ].filter(([, value]) => !value);
  if (missing.length > 0) {
    throw new ConfigError(
      `stage "${stage}" needs ${missing.map(([key]) => key).join(', ')} (the stack sets them on the function)`,
    );
  }
  return config;
}
