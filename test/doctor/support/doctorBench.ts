import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import appJson from '../../../app.json';
import { DoctorTools, runDoctor, withOverrides } from '../../../deploy/doctor/main';
import { Finding } from '../../../deploy/doctor/report';
import { stageSettings, StageSettings } from '../../../deploy/settings';
import { PROFILE_ATTRIBUTES } from '../../../src/profileFields';
import { RunningIdentity } from '../../support/identity';

const ROOT = join(__dirname, '..', '..', '..');
/** The local identity service checks no signature; the SDK still signs, with these. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const VENDOR_ID = appJson.stages.dev.vendorId;
export const ALEXA_REDIRECT_URLS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
  (host) => `https://${host}/api/skill/link/${VENDOR_ID}`,
);

type ClientSettings = Omit<UpdateUserPoolClientCommandInput, 'UserPoolId' | 'ClientId'>;

/**
 * An app client that fits the skill: Alexa's three redirect URLs for the dev stage's vendor id, the code
 * grant, the four scopes, read access to the profile attributes, a 3,650-day refresh token (and, when
 * created, a secret). As UpdateUserPoolClient input, which replaces every setting it is given.
 */
const ClientName = 'profile-keeper-doctor';
export const RIGHT_CLIENT: ClientSettings = {
  ClientName,
  CallbackURLs: ALEXA_REDIRECT_URLS,
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ['code'],
  AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
  SupportedIdentityProviders: ['COGNITO'],
  ReadAttributes: [...PROFILE_ATTRIBUTES],
  AccessTokenValidity: 60,
  RefreshTokenValidity: 3650,
  TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'days' },
};

export const cognitoOf = (identity: RunningIdentity) =>
  new CognitoIdentityProviderClient({
    region: identity.region,
    endpoint: identity.url,
    credentials: LOCAL_CREDENTIALS,
  });

/** A new app client made through Cognito's own API: the right one, with `changes` over it. */
export async function createClient(identity: RunningIdentity, changes: ClientSettings = {}, secret = true) {
  const input = { UserPoolId: identity.userPoolId, GenerateSecret: secret, ...RIGHT_CLIENT, ...changes, ClientName };
  const { UserPoolClient } = await cognitoOf(identity).send(new CreateUserPoolClientCommand(input));
  return UserPoolClient?.ClientId as string;
}

/** UpdateUserPoolClient with the right settings and `changes` over them (it replaces every setting). */
export async function updateClient(identity: RunningIdentity, clientId: string, changes: ClientSettings) {
  const input = { UserPoolId: identity.userPoolId, ClientId: clientId, ...RIGHT_CLIENT, ...changes };
  await cognitoOf(identity).send(new UpdateUserPoolClientCommand(input));
}

/** The environment a developer sets to run the doctor against the local identity service. */
export function doctorEnv(identity: RunningIdentity, clientId: string, hostedUi = identity.url) {
  return {
    COGNITO_API_ENDPOINT: identity.url,
    COGNITO_DOMAIN: hostedUi,
    COGNITO_USER_POOL_ID: identity.userPoolId,
    COGNITO_APP_CLIENT_ID: clientId,
    COGNITO_REGION: identity.region,
  };
}

/** A HOME without ASK CLI or AWS profiles, and no ASK_* variables: the skill's side is not checked. */
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'doctor-home-'));
export const withoutAskCredentials = (): Record<string, string | undefined> => ({ HOME: EMPTY_HOME });

/** The check function in process, with the dev stage's settings and the same overrides `npm run doctor` reads. */
export function doctorInProcess(
  identity: RunningIdentity,
  clientId: string,
  options: { hostedUi?: string; settings?: Partial<StageSettings>; tools?: Partial<DoctorTools> } = {},
): Promise<Finding[]> {
  const settings = {
    ...withOverrides(stageSettings('dev'), doctorEnv(identity, clientId, options.hostedUi)),
    ...options.settings,
  };
  return runDoctor(settings, {
    cognito: cognitoOf(identity),
    lambda: (region) => new LambdaClient({ region, credentials: LOCAL_CREDENTIALS }),
    askEnv: withoutAskCredentials(),
    ...options.tools,
  });
}

export const findingsOf = (findings: Finding[], check: string) => findings.filter((finding) => finding.check === check);

export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run doctor -- --stage dev` as a developer runs it, in a child process with `env` over this one's. */
export function runDoctorCli(env: Record<string, string | undefined>): Promise<DoctorRun> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...withoutAskCredentials(), ...env };
  for (const name of Object.keys(childEnv)) if (name.startsWith('ASK_') || name === 'NODE_ENV') delete childEnv[name];
  return new Promise((resolve) =>
    execFile(
      'npm',
      ['run', '--silent', 'doctor', '--', '--stage', 'dev'],
      { cwd: ROOT, env: childEnv },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}
