import appJson from '../app.json';
import { LogLevel } from './logger';

/**
 * The one config loader. Non-secret per-stage settings come from app.json (also read by
 * jovo.project.ts, so the manifest and the runtime cannot drift); everything else, and any
 * override for local tooling, comes from the environment passed in here — never read deeper.
 */
export type Stage = 'dev' | 'prod';

export interface CognitoSettings {
  region: string;
  userPoolId: string;
  appClientId: string;
  /** Identity-provider API endpoint. Unset in AWS (the SDK's regional endpoint); set for the local stand-in. */
  apiEndpoint?: string;
  /**
   * Where the JWKS is fetched from. Unset in AWS (derived from the pool id, https only);
   * the local stand-in serves it over http on loopback.
   */
  jwksUri?: string;
  /** Total time for one user lookup (JWKS fetch + GetUser with SDK retries), well inside Alexa's 8 s. */
  timeBudgetMs: number;
  /** Most users kept in the in-memory cache of a warm container. */
  userCacheMaxEntries: number;
}

export interface SkillConfig {
  stage: Stage;
  skillName: string;
  skillId: string;
  cognito: CognitoSettings;
  /** Verify Alexa's request signature and timestamp on the HTTPS endpoint (always on in prod). */
  verifyAlexaRequests: boolean;
  logLevel: LogLevel;
}

interface StageSettings {
  region: string;
  userPoolId: string;
  appClientId: string;
  cognitoApiEndpoint?: string;
  jwksUri?: string;
  skillId: string;
  verifyAlexaRequests: boolean;
}

export class ConfigError extends Error {
  name = 'ConfigError';
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

export function stageSettings(stage: Stage): StageSettings {
  const settings = (appJson.stages as Record<string, StageSettings | undefined>)[stage];
  if (!settings) throw new ConfigError(`app.json has no stage "${stage}"`);
  return settings;
}

export function loadSkillConfig(stage: Stage, env: Env): SkillConfig {
  const settings = stageSettings(stage);
  const logLevel = (env.LOG_LEVEL ?? (stage === 'prod' ? 'info' : 'warn')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const verifyAlexaRequests = booleanFrom(env, 'ALEXA_VERIFY_REQUESTS', settings.verifyAlexaRequests);
  if (stage === 'prod' && !verifyAlexaRequests) {
    // Amazon's certification requires it for HTTPS endpoints; a prod build must not be able to skip it.
    throw new ConfigError('Alexa request verification cannot be switched off in the prod stage');
  }
  return {
    stage,
    skillName: appJson.skillName,
    skillId: env.SKILL_ID ?? settings.skillId,
    cognito: {
      region: env.COGNITO_REGION ?? settings.region,
      userPoolId: env.COGNITO_USER_POOL_ID ?? settings.userPoolId,
      appClientId: env.COGNITO_APP_CLIENT_ID ?? settings.appClientId,
      apiEndpoint: env.COGNITO_API_ENDPOINT ?? settings.cognitoApiEndpoint,
      jwksUri: env.COGNITO_JWKS_URI ?? settings.jwksUri,
      timeBudgetMs: numberFrom(env, 'COGNITO_TIME_BUDGET_MS', 2500),
      userCacheMaxEntries: numberFrom(env, 'USER_CACHE_MAX_ENTRIES', 1000),
    },
    verifyAlexaRequests,
    logLevel,
  };
}
