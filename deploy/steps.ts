import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { Stage, stageSettings } from './settings';
import { AccountLinkingError, accountLinkingRequest, setAccountLinking } from './accountLinking';
import { AskCli } from './askCli';
import { Bundle, bundle, fetchJwks } from './bundle';
import { StackDeployer } from './stack';
import { currentSettings, StackOutputs, writeState } from './state';
import { bucketOnlyTemplate, loadTemplate, stackParameters } from './template';

/**
 * The deploy's steps, shared by `npm run deploy` (deploy/main.ts) and the Jovo CLI
 * (jovo.project.ts: `jovo deploy:code cloudformation` runs the stack step, `jovo deploy:platform
 * alexa` ends with the account-linking step).
 */
export interface AwsClients {
  cloudFormation: CloudFormationClient;
  s3: S3Client;
  sts: STSClient;
  cognito: CognitoIdentityProviderClient;
}

export interface StepContext {
  root: string;
  stage: Stage;
  clients: AwsClients;
  ask: AskCli;
  /** Cognito's identity-provider API, where each pool's JWKS is published too. */
  cognitoEndpoint: string;
  log: (line: string) => void;
  pollIntervalMs?: number;
}

export function awsClients(region: string): AwsClients {
  return {
    cloudFormation: new CloudFormationClient({ region }),
    s3: new S3Client({ region }),
    sts: new STSClient({ region }),
    cognito: new CognitoIdentityProviderClient({ region }),
  };
}

/** The step context for a run; AWS endpoints follow the SDK's own settings (AWS_ENDPOINT_URL_*). */
export function stepContext(options: {
  root: string;
  stage: Stage;
  env: NodeJS.ProcessEnv;
  askProfile?: string;
  log: (line: string) => void;
}): StepContext {
  const region = stageSettings(options.stage).region;
  return {
    root: options.root,
    stage: options.stage,
    clients: awsClients(region),
    ask: new AskCli({ profile: options.askProfile, env: options.env }),
    cognitoEndpoint:
      options.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || `https://cognito-idp.${region}.amazonaws.com`,
    log: options.log,
  };
}

export interface StackDeployment {
  outputs: StackOutputs;
  /** The artefact deployed, which a second pass of the same run may reuse. */
  artefact: Bundle;
}

/**
 * Bundle, upload, and bring the stack to the template with this skill id (the function's trigger
 * permission; '' before the skill exists). Saves the outputs in the deploy state. A second pass in
 * the same run reuses the first pass's artefact, unless the pool's JWKS can now go into it.
 */
export async function deployStack(context: StepContext, skillId: string, earlier?: Bundle): Promise<StackDeployment> {
  const { root, stage, clients, log } = context;
  const { state, settings } = currentSettings(root, stage);
  const template = loadTemplate(root);
  const jwks =
    state.stack?.userPoolId && !earlier?.withJwks ? await poolJwks(context, state.stack.userPoolId) : undefined;
  let artefact = earlier;
  if (!artefact || jwks !== undefined) {
    log('bundling the skill (scripts/bundle.js)');
    artefact = await bundle({ root, jwks, log: (line) => log(`  ${line}`) });
  }
  const deployer = new StackDeployer(clients, state.stackName, { log, pollIntervalMs: context.pollIntervalMs });
  const bucket = await deployer.ensureBucket(bucketOnlyTemplate(template));
  const codeKey = await deployer.uploadArtefact(bucket, artefact.zip);
  const outputs = await deployer.update(template, stackParameters(settings, { codeKey, skillId }));
  await deployer.pruneArtefacts(bucket, codeKey);
  writeState(root, stage, { ...state, stack: outputs });
  return { outputs, artefact };
}

/** The pool's JWKS for the bundle (an optional speed-up: without it the function fetches the keys). */
async function poolJwks(context: StepContext, userPoolId: string): Promise<unknown> {
  const url = `${context.cognitoEndpoint.replace(/\/$/, '')}/${userPoolId}/.well-known/jwks.json`;
  try {
    return await fetchJwks(url);
  } catch (error) {
    context.log(`note: the function will fetch its keys at start (${(error as Error).message})`);
    return undefined;
  }
}

/**
 * Account linking for the skill: the stack's Hosted UI and app client, the client secret read from
 * Cognito into memory, set through SMAPI. Also remembers the skill id (a new skill's, too).
 */
export async function linkAccounts(context: StepContext, skillId: string): Promise<void> {
  const { root, stage } = context;
  const { state, settings } = currentSettings(root, stage);
  if (!state.stack) {
    throw new Error(
      `stage "${stage}" has no stack yet, so account linking has no Cognito app client to point at: run \`npm run deploy -- --stage ${stage}\` (or \`jovo deploy:code cloudformation\`) first`,
    );
  }
  const createdByDeploy =
    state.skill?.skillId === skillId ? state.skill.createdByDeploy : !stageSettings(stage).skillId;
  writeState(root, stage, { ...state, skill: { skillId, createdByDeploy } });
  const secret = await readClientSecret(context.clients.cognito, state.stack.userPoolId, state.stack.appClientId);
  await setAccountLinking(context.ask, skillId, accountLinkingRequest(settings, secret));
  context.log(`account linking set for ${skillId}: ${settings.cognitoDomain}, client ${settings.appClientId}`);
}

/**
 * The app client's secret, read from Cognito for this one request and kept in memory only. Cognito
 * is the one place it lives; nobody copies it by hand.
 */
export async function readClientSecret(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId: string,
): Promise<string> {
  const { UserPoolClient } = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
  );
  if (!UserPoolClient?.ClientSecret) {
    throw new AccountLinkingError(`app client ${clientId} of pool ${userPoolId} has no client secret`);
  }
  return UserPoolClient.ClientSecret;
}
