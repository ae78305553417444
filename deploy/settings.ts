import appJson from '../app.json';
import { loadSkillConfig, SkillConfig } from '../src/config';
import { PROFILE_ATTRIBUTES } from '../src/profileFields';

/**
 * The project's settings for the tooling (jovo.project.ts, the deploy, the local loop): app.json's
 * stages, merged with what a stage's last deployment reported. The skill itself reads only its
 * environment (src/config.ts); `functionEnvironment` is the one mapping from a stage to that
 * environment, used by the stack for the Lambda function and by the dev stage on this machine.
 */
export type Stage = 'dev' | 'prod';
export const STAGES: readonly Stage[] = ['dev', 'prod'];

/**
 * The OAuth scopes Alexa requests on account linking and the app client allows. GetUser answers
 * only to an access token carrying aws.cognito.signin.user.admin; openid, email and profile let the
 * pool release the attributes the skill speaks.
 */
export const OAUTH_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** What a deployed stack reports (its outputs) and the skill the deploy created or updated. */
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
  /**
   * A user pool this stage uses instead of making its own (app.json `userPoolId`, optionally with
   * `appClientId` and `cognitoDomain`): the deploy leaves its users and settings alone.
   */
  existingPool?: { userPoolId: string; appClientId?: string; cognitoDomain?: string };
  /** Where the stack's alarms send email (an SNS subscription the owner confirms once). */
  alarmEmail?: string;
  /** The CloudWatch namespace and service name of the skill's metrics (app.json `metrics`). */
  metrics: { namespace: string; service: string };
}

/** The shape of a stage in app.json, as people edit it. */
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
  alarmEmail?: string;
}

export interface PublishingSettings {
  privacyPolicyUrl: string;
  termsOfUseUrl: string;
  distributionCountries: string[];
}

export class SettingsError extends Error {
  name = 'SettingsError';
}

export const PUBLISHING: PublishingSettings = appJson.publishing;

/** What the deploy reads of app.json: the stages, and the metrics' namespace and service name. */
export interface AppJson {
  stages: Record<string, AppJsonStage | undefined>;
  metrics?: { namespace?: string; service?: string };
}

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

function appJsonStage(stage: Stage, app: AppJson): AppJsonStage {
  const settings = app.stages[stage];
  if (!settings) throw new SettingsError(`app.json has no stage "${stage}"`);
  return settings;
}

/**
 * A stage's settings: app.json, then what its deployment reported. Values not known yet (a stage
 * that was never deployed) are empty strings.
 */
export function stageSettings(stage: Stage, deployed: DeployedStage = {}, app: AppJson = appJson): StageSettings {
  const fromFile = appJsonStage(stage, app);
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
    // The dev stage's pool is the local identity service, never one to deploy against.
    existingPool:
      stage !== 'dev' && fromFile.userPoolId
        ? { userPoolId: fromFile.userPoolId, appClientId: fromFile.appClientId, cognitoDomain: fromFile.cognitoDomain }
        : undefined,
    alarmEmail: fromFile.alarmEmail || undefined,
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
    POWERTOOLS_METRICS_NAMESPACE: settings.metrics.namespace,
    POWERTOOLS_SERVICE_NAME: settings.metrics.service,
  };
  if (settings.cognitoApiEndpoint) env.COGNITO_API_ENDPOINT = settings.cognitoApiEndpoint;
  if (settings.jwksUri) env.COGNITO_JWKS_URI = settings.jwksUri;
  if (settings.accessTokenProfileClaims) env.COGNITO_PROFILE_CLAIMS = PROFILE_ATTRIBUTES.join(',');
  return env;
}

/** The skill's configuration on this machine: the dev stage of app.json, then `env` over it. */
export function localSkillConfig(env: Record<string, string | undefined> = {}): SkillConfig {
  return loadSkillConfig('dev', { ...functionEnvironment(stageSettings('dev')), ...env });
}
