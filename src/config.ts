import appJson from '../app.json';
import { LogLevel } from './logger';

/**
 * The one place that reads settings. app.json holds what a person decides (names, region, vendor
 * id, the local stage's endpoints); a deployed stage's pool, client and function come from its
 * stack outputs (passed in by the deploy tooling, or set as the Lambda's environment by the stack).
 * The runtime, jovo.project.ts, the simulator and the deploy scripts all read through here, and
 * nothing deeper reads process.env.
 */
export type Stage = 'dev' | 'prod';
export const STAGES: readonly Stage[] = ['dev', 'prod'];

/**
 * The OAuth scopes Alexa requests on account linking and the app client allows. GetUser answers
 * only to an access token carrying aws.cognito.signin.user.admin; openid, email and profile let the
 * pool release the attributes the skill speaks.
 */
export const OAUTH_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** What users hear and say: the skill's display name and the words that open it. */
export interface SkillNames {
  /** Shown in the Alexa app and spoken in answers ("Welcome to Profile Keeper"). */
  name: string;
  /** What users say after "Alexa, open" (lower case, two or more words). */
  invocationName: string;
}

/** The skill's locales, and the interaction model (models/<language>.json) each one uses. */
export const SKILL_LOCALES = {
  'en-US': 'en',
  'en-GB': 'en',
  'de-DE': 'de',
  'es-ES': 'es',
} as const;
export type SkillLocale = keyof typeof SKILL_LOCALES;

/** What a deployed stack reports (CloudFormation outputs) and the skill the deploy created or updated. */
export interface DeployedStage {
  userPoolId?: string;
  appClientId?: string;
  /** Hosted UI base URL, e.g. https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomain?: string;
  /** The skill's endpoint: the Lambda function's ARN. */
  functionArn?: string;
  skillId?: string;
}

/** One stage, complete: app.json's values merged with what its deployment reported. */
export interface StageSettings {
  stage: Stage;
  region: string;
  userPoolId: string;
  appClientId: string;
  /** Hosted UI base URL: Alexa's authorization and token URLs live under it. */
  cognitoDomain: string;
  /** Prefix of the Hosted UI domain that the stack creates (deployed stages only). */
  cognitoDomainPrefix?: string;
  /** Identity-provider API endpoint; unset in AWS (the SDK's regional endpoint). */
  cognitoApiEndpoint?: string;
  /** JWKS location; unset in AWS (derived from the pool id, https only). */
  jwksUri?: string;
  skillId: string;
  vendorId: string;
  /** The skill's endpoint: an https URL or a Lambda ARN. */
  endpoint: string;
  verifyAlexaRequests: boolean;
  /**
   * Put the user's email and name into access tokens (Cognito's pre token generation trigger, which
   * needs the pool's Essentials plan), so a first turn needs no GetUser. Off unless app.json says so.
   */
  accessTokenProfileClaims: boolean;
}

/** The shape of app.json, as people edit it. */
interface AppJsonStage {
  region: string;
  userPoolId?: string;
  appClientId?: string;
  cognitoDomain?: string;
  cognitoDomainPrefix?: string;
  cognitoApiEndpoint?: string;
  jwksUri?: string;
  skillId?: string;
  vendorId: string;
  endpoint?: string;
  verifyAlexaRequests: boolean;
  accessTokenProfileClaims?: boolean;
}

export interface PublishingSettings {
  privacyPolicyUrl: string;
  termsOfUseUrl: string;
  distributionCountries: string[];
}

export class ConfigError extends Error {
  name = 'ConfigError';
}

export const SKILL_NAMES: SkillNames = appJson.skill;
export const PUBLISHING: PublishingSettings = appJson.publishing;

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

function appJsonStage(stage: Stage): AppJsonStage {
  const settings = (appJson.stages as Record<string, AppJsonStage | undefined>)[stage];
  if (!settings) throw new ConfigError(`app.json has no stage "${stage}"`);
  return settings;
}

/**
 * A stage's settings: app.json, then what its deployment reported. Values not known yet (a stage
 * that was never deployed) are empty strings.
 */
export function stageSettings(stage: Stage, deployed: DeployedStage = {}): StageSettings {
  const fromFile = appJsonStage(stage);
  return {
    stage,
    region: fromFile.region,
    userPoolId: deployed.userPoolId ?? fromFile.userPoolId ?? '',
    appClientId: deployed.appClientId ?? fromFile.appClientId ?? '',
    cognitoDomain: deployed.cognitoDomain ?? fromFile.cognitoDomain ?? '',
    cognitoDomainPrefix: fromFile.cognitoDomainPrefix,
    cognitoApiEndpoint: fromFile.cognitoApiEndpoint,
    jwksUri: fromFile.jwksUri,
    skillId: deployed.skillId || fromFile.skillId || '',
    vendorId: fromFile.vendorId,
    endpoint: deployed.functionArn ?? fromFile.endpoint ?? '',
    verifyAlexaRequests: fromFile.verifyAlexaRequests,
    accessTokenProfileClaims: fromFile.accessTokenProfileClaims ?? false,
  };
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
  profileClaims?: { email: string; name: string };
}

export interface SkillConfig {
  stage: Stage;
  skillNames: SkillNames;
  skillId: string;
  cognito: CognitoSettings;
  /** Verify Alexa's request signature and timestamp on the HTTPS endpoint (always on in prod). */
  verifyAlexaRequests: boolean;
  logLevel: LogLevel;
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

/** COGNITO_PROFILE_CLAIMS="email,name" (the claim names for email and name), or unset. */
function profileClaimsFrom(env: Env): CognitoSettings['profileClaims'] {
  const raw = env.COGNITO_PROFILE_CLAIMS;
  if (raw === undefined || raw === '') return undefined;
  const names = raw.split(',').map((name) => name.trim());
  if (names.length !== 2 || names.some((name) => !/^[A-Za-z][\w:.-]*$/.test(name))) {
    throw new ConfigError(`COGNITO_PROFILE_CLAIMS must be two claim names, email's then name's, got "${raw}"`);
  }
  return { email: names[0], name: names[1] };
}

/**
 * The skill's configuration for a stage: app.json (and the deployment's outputs, where the
 * environment carries them: the stack sets them on the Lambda function), then env overrides.
 */
export function loadSkillConfig(stage: Stage, env: Env): SkillConfig {
  const settings = stageSettings(stage);
  const logLevel = (env.LOG_LEVEL ?? (stage === 'prod' ? 'info' : 'warn')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const verifyAlexaRequests = booleanFrom(env, 'ALEXA_VERIFY_REQUESTS', settings.verifyAlexaRequests);
  if (stage === 'prod' && !verifyAlexaRequests) {
    // Amazon's certification requires it for HTTPS endpoints; a prod build must not be able to skip it.
    throw new ConfigError('Alexa request verification cannot be switched off in the prod stage');
  }
  const config: SkillConfig = {
    stage,
    skillNames: SKILL_NAMES,
    skillId: env.SKILL_ID || settings.skillId,
    cognito: {
      region: env.COGNITO_REGION || settings.region,
      userPoolId: env.COGNITO_USER_POOL_ID || settings.userPoolId,
      appClientId: env.COGNITO_APP_CLIENT_ID || settings.appClientId,
      apiEndpoint: env.COGNITO_API_ENDPOINT || settings.cognitoApiEndpoint,
      jwksUri: env.COGNITO_JWKS_URI || settings.jwksUri,
      timeBudgetMs: numberFrom(env, 'COGNITO_TIME_BUDGET_MS', 2500),
      userCacheMaxEntries: numberFrom(env, 'USER_CACHE_MAX_ENTRIES', 1000),
      recheckAfterMs: numberFrom(env, 'COGNITO_RECHECK_AFTER_S', 300) * 1000,
      profileClaims: profileClaimsFrom(env),
    },
    verifyAlexaRequests,
    logLevel,
  };
  const missing = [
    ['SKILL_ID', config.skillId],
    ['COGNITO_USER_POOL_ID', config.cognito.userPoolId],
    ['COGNITO_APP_CLIENT_ID', config.cognito.appClientId],
  ].filter(([, value]) => !value);
  if (missing.length > 0) {
    throw new ConfigError(
      `stage "${stage}" needs ${missing.map(([key]) => key).join(', ')} (the deployed stack sets them on the function)`,
    );
  }
  return config;
}
