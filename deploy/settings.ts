import appJson from '../app.json';
import { loadSkillConfig, SkillConfig } from '../src/config';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';

/**
 * The project's settings for the tooling (jovo.project.ts, the deploy, the local loop): app.json's
 * stages, merged with what a stage's deployment recorded. The skill itself reads only its
 * environment (src/config.ts); `functionEnvironment` is the one mapping from a stage to that
 * environment, for the Lambda function and for the dev stage on this machine.
 */
export type Stage = 'dev' | 'prod';
export const STAGES: readonly Stage[] = ['dev', 'prod'];

/**
 * The OAuth scopes Alexa requests on account linking and the app client allows. GetUser answers
 * only to an access token carrying aws.cognito.signin.user.admin; openid, email and profile let the
 * pool release the attributes the skill speaks.
 */
export const OAUTH_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** What a stage's deployment recorded: the stack's outputs, the function, the skill. */
type DeployedStage = Partial<
  Record<'userPoolId' | 'appClientId' | 'cognitoDomain' | 'functionArn' | 'skillId', string>
>;

/** A stage in app.json, as people edit it. */
interface AppJsonStage {
  region: string;
  userPoolId?: string;
  appClientId?: string;
  /** Hosted UI base URL: Alexa's authorization and token URLs live under it. */
  cognitoDomain?: string;
  /** Prefix of the Hosted UI domain the stack makes (<prefix>.auth.<region>.amazoncognito.com). */
  cognitoDomainPrefix?: string;
  /** Identity-provider API endpoint and JWKS location; unset in AWS (derived from the region and pool). */
  cognitoApiEndpoint?: string;
  jwksUri?: string;
  skillId?: string;
  vendorId: string;
  /** The skill's endpoint: an https URL or a Lambda ARN. */
  endpoint?: string;
  verifyAlexaRequests: boolean;
  /** The user's profile in access tokens (pre token generation trigger, Essentials plan): no GetUser on a first turn. */
  accessTokenProfileClaims?: boolean;
  /** Where the alarms send email (an SNS subscription the owner confirms once). */
  alarmEmail?: string;
}

/** What the tooling reads of app.json: the stages, and the metrics' namespace and service name. */
export interface AppJson {
  stages: Record<string, AppJsonStage | undefined>;
  metrics?: { namespace?: string; service?: string };
}

/** One stage, complete: app.json's values merged with what its deployment recorded. */
export interface StageSettings extends Omit<AppJsonStage, 'userPoolId' | 'appClientId' | 'cognitoDomain'> {
  stage: Stage;
  userPoolId: string;
  appClientId: string;
  cognitoDomain: string;
  skillId: string;
  endpoint: string;
  accessTokenProfileClaims: boolean;
  /** A pool app.json names for a deployed stage: the deploy uses it and leaves its users and settings alone. */
  existingPool?: { userPoolId: string; appClientId?: string; cognitoDomain?: string };
  metrics: { namespace: string; service: string };
}

export class SettingsError extends Error {
  name = 'SettingsError';
}

export const PUBLISHING = appJson.publishing;

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** A stage's settings: app.json, then what its deployment recorded; what is not known yet is ''. */
export function stageSettings(stage: Stage, deployed: DeployedStage = {}, app: AppJson = appJson): StageSettings {
  const fromFile = app.stages[stage];
  if (!fromFile) throw new SettingsError(`app.json has no stage "${stage}"`);
  const { userPoolId, appClientId, cognitoDomain } = fromFile;
  return {
    ...fromFile,
    stage,
    userPoolId: deployed.userPoolId ?? userPoolId ?? '',
    appClientId: deployed.appClientId ?? appClientId ?? '',
    cognitoDomain: deployed.cognitoDomain ?? cognitoDomain ?? '',
    skillId: deployed.skillId || fromFile.skillId || '',
    endpoint: deployed.functionArn ?? fromFile.endpoint ?? '',
    accessTokenProfileClaims: fromFile.accessTokenProfileClaims ?? false,
    // The dev stage's pool is the local Cognito, never one to deploy against.
    existingPool: stage !== 'dev' && userPoolId ? { userPoolId, appClientId, cognitoDomain } : undefined,
    metrics: { namespace: 'ProfileKeeper', service: 'profile-keeper', ...app.metrics },
  };
}

/** The environment the skill reads (src/config.ts) for a stage: what the stack sets on the function. */
export function functionEnvironment(settings: StageSettings): Record<string, string> {
  const env: Record<string, string> = {
    SKILL_ID: settings.skillId,
    COGNITO_REGION: settings.region,
    COGNITO_USER_POOL_ID: settings.userPoolId,
    COGNITO_APP_CLIENT_ID: settings.appClientId,
    ALEXA_VERIFY_REQUESTS: String(settings.verifyAlexaRequests),
  };
  // The deployed function's metrics (Powertools' EMF), which its alarms read; locally Powertools' defaults.
  if (settings.stage !== 'dev') env.POWERTOOLS_METRICS_NAMESPACE = settings.metrics.namespace;
  if (settings.stage !== 'dev') env.POWERTOOLS_SERVICE_NAME = settings.metrics.service;
  if (settings.cognitoApiEndpoint) env.COGNITO_API_ENDPOINT = settings.cognitoApiEndpoint;
  if (settings.jwksUri) env.COGNITO_JWKS_URI = settings.jwksUri;
  if (settings.accessTokenProfileClaims) env.COGNITO_PROFILE_CLAIMS = PROFILE_ATTRIBUTES.join(',');
  return env;
}

/** The skill's configuration on this machine: the dev stage of app.json, then `env` over it. */
export function localSkillConfig(env: Record<string, string | undefined> = {}): SkillConfig {
  return loadSkillConfig('dev', { ...functionEnvironment(stageSettings('dev')), ...env });
}
