import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import { SKILL_NAMES } from '../src/config';
import { accountLinkingRequest } from './accountLinking';
import { checkAppClient, CognitoSetupError, poolHostedUi, readClientSecret } from './cognito';
import { Stage, StageSettings } from './settings';
import { skillManifest } from './skillManifest';
import { SmapiError, type Smapi } from './smapi';
import type { PoolChoice } from './stack';
import { currentSettings, DeployRecord, readRecord, updateRecord } from './state';
import { assetsBucketName, deleteBucket, ensureBucket, type StackToolkit } from './toolkit';

/**
 * `npm run deploy`, in the order Alexa needs: the skill first (SMAPI; its id recorded at once), the
 * stack with the function's invoke permission for that skill, the skill package with the function
 * as endpoint, account linking, and enabling for testing last. Every id is recorded the moment it
 * exists (state.ts) and every step is safe to repeat: a rerun after a failure at any step continues
 * with the same skill and stack.
 */
export interface DeployContext {
  root: string;
  stage: Stage;
  log: (line: string) => void;
  account: string;
  smapi: Smapi;
  cognito: CognitoIdentityProviderClient;
  s3: S3Client;
  toolkit: StackToolkit;
  /** The Lambda folder, with the pool's public keys when the pool is known. */
  lambdaFolder: (userPoolId?: string) => Promise<string>;
  /** The skill package zip, built from the stage's current settings. */
  skillPackage: () => Promise<Buffer>;
  /** Update an app client app.json names to what Alexa needs (else what does not fit is only printed). */
  fixAppClient?: boolean;
}

export async function deploy(context: DeployContext): Promise<void> {
  const { log, smapi } = context;
  log('[1/5] skill');
  const skillId = await ensureSkill(context);
  log(`[2/5] stack: function (invocable by ${skillId}), user pool, alarms`);
  await deployStack(context, skillId);
  log('[3/5] skill package, with the function as its endpoint');
  await smapi.importPackage(skillId, await context.skillPackage());
  log('[4/5] account linking');
  await linkAccounts(context, skillId);
  log('[5/5] enabling the skill for testing');
  await smapi.enableForTesting(skillId);
  const { cognitoDomain, endpoint } = currentSettings(context.root, context.stage).settings;
  const { name, invocationName } = SKILL_NAMES;
  log(`\nDeployed ${name}: skill ${skillId}, endpoint ${endpoint}, sign-in ${cognitoDomain}/login`);
  log(`Link your account: Alexa app > More > Skills & Games > Your Skills > Dev > ${name} > Enable to use.`);
  log(`Then say to your Echo: "Alexa, open ${invocationName}". Remove it all: npm run deploy -- --remove`);
}

/** The skill this stage deploys; created, and recorded at once, when there is none yet. */
async function ensureSkill({ root, stage, smapi, log }: DeployContext): Promise<string> {
  const { record, settings } = currentSettings(root, stage);
  const known = record.skillId || settings.skillId;
  if (known && (await smapi.exists(known))) return known;
  if (known && !record.createdSkills.includes(known)) {
    throw new SmapiError(
      `skill ${known} (app.json skillId) does not exist for your vendor.\n  Fix: correct it, or empty it.`,
    );
  }
  if (known) log(`skill ${known} no longer exists (deleted in the developer console?): creating a new one`);
  return smapi.createSkill(settings.vendorId, skillManifest({ ...settings, endpoint: '' }), (skillId) => {
    updateRecord(root, stage, (r) => {
      r.skillId = skillId;
      r.createdSkills.push(skillId);
    });
    log(`created skill ${skillId} (recorded in .deploy/${stage}.json)`);
  });
}

/** The stack as the stage stands: its pool, the Lambda folder, the assets bucket. */
export async function stackProps(context: DeployContext, skillId: string, stackExists: boolean) {
  const { record, settings } = currentSettings(context.root, context.stage);
  const pool = await choosePool(context, record, settings, stackExists);
  return {
    stackName: record.stackName,
    settings,
    skillId,
    pool,
    codeDir: await context.lambdaFolder(pool.kind === 'existing' ? pool.userPoolId : record.pool?.userPoolId),
    assetsBucket: record.assetsBucket ?? assetsBucketName(record.stackName, context.account, settings.region),
    env: { account: context.account, region: settings.region },
  };
}

export async function deployStack(context: DeployContext, skillId: string): Promise<void> {
  const { root, stage, toolkit } = context;
  const { stackName, region } = readRecord(root, stage);
  const props = await stackProps(context, skillId, await toolkit.exists(stackName, region));
  // Recorded before they exist, so `--remove` finds them even after an interrupted first deploy.
  updateRecord(root, stage, (r) => {
    r.assetsBucket = props.assetsBucket;
    const recorded = r.createdStacks.some((s) => s.name === stackName && s.region === region);
    if (!recorded) r.createdStacks.push({ name: stackName, region });
  });
  await ensureBucket(context.s3, props.assetsBucket, region);
  const outputs = await toolkit.deploy(props);
  updateRecord(root, stage, (r) => {
    const { UserPoolId: userPoolId, UserPoolClientId: appClientId, HostedUiDomain, SkillFunctionArn } = outputs;
    r.outputs = {
      userPoolId,
      appClientId,
      cognitoDomain: HostedUiDomain,
      functionArn: SkillFunctionArn,
      alexaSkillIdAllowed: skillId,
    };
    const inStack = props.pool.kind === 'new';
    const createdByDeploy = inStack || Boolean(r.pool?.createdByDeploy && !props.settings.existingPool);
    r.pool = { userPoolId, createdByDeploy, inStack };
  });
}

/**
 * The pool the stack uses: one app.json names (a team's), the stage's own when the stack no longer
 * holds it (`--remove` kept it), else a new one. An existing pool keeps its users and settings: the
 * stack adds the skill's app client (unless app.json names one) and a domain if it has none.
 */
async function choosePool(context: DeployContext, record: DeployRecord, settings: StageSettings, stackExists: boolean) {
  const { cognito, log } = context;
  const named = settings.existingPool;
  const kept = record.pool && !(record.pool.inStack && stackExists) ? record.pool : undefined;
  const userPoolId = named?.userPoolId ?? kept?.userPoolId;
  if (!userPoolId) return { kind: 'new' } as PoolChoice;
  const hostedUi = named?.cognitoDomain ?? (await poolHostedUi(cognito, userPoolId, settings.region));
  if (hostedUi === null && named)
    throw new CognitoSetupError(`app.json names user pool ${userPoolId}, which does not exist`);
  if (hostedUi === null) {
    log(`the user pool ${userPoolId} kept for this stage no longer exists: the stack makes a new one`);
    return { kind: 'new' } as PoolChoice;
  }
  log(`using user pool ${userPoolId} as it is (its users keep their accounts)`);
  const appClientId = named?.appClientId;
  if (appClientId) {
    const ids = { poolId: userPoolId, clientId: appClientId };
    const misfits = await checkAppClient(cognito, settings, ids, Boolean(context.fixAppClient));
    if (context.fixAppClient) log(`app client ${appClientId} updated to what Alexa needs`);
    for (const misfit of misfits) log(`  app client ${appClientId}: ${misfit}`);
    if (misfits.length) log('  (unchanged: `npm run deploy -- --fix-app-client` updates it, keeping all else)');
  }
  return { kind: 'existing', userPoolId, hostedUi, appClientId } as PoolChoice;
}

/** Account linking with the stack's Hosted UI and app client; the secret read from Cognito, in memory. */
export async function linkAccounts(context: DeployContext, skillId: string): Promise<void> {
  const { record, settings } = currentSettings(context.root, context.stage);
  if (!record.outputs) throw new CognitoSetupError(`stage ${context.stage} has no stack yet.\n  Fix: npm run deploy`);
  const secret = await readClientSecret(context.cognito, record.outputs.userPoolId, record.outputs.appClientId);
  await context.smapi.setAccountLinking(skillId, accountLinkingRequest(settings, secret));
}

/**
 * `--remove`: every skill and stack the stage created, and the assets bucket. A pool the deploy made
 * stays with its users (Retain, deletion protection); one it did not make was never in a stack.
 */
export async function remove(context: DeployContext): Promise<void> {
  const { root, stage, log } = context;
  for (const skillId of readRecord(root, stage).createdSkills) {
    log(`deleting skill ${skillId}`);
    await context.smapi.deleteSkill(skillId);
    updateRecord(root, stage, (r) => {
      r.createdSkills = r.createdSkills.filter((id) => id !== skillId);
      if (r.skillId === skillId) delete r.skillId;
    });
  }
  for (const { name, region } of readRecord(root, stage).createdStacks) {
    log(`deleting stack ${name} (${region})`);
    await context.toolkit.destroy(name, region, context.account);
    updateRecord(root, stage, (r) => {
      r.createdStacks = r.createdStacks.filter((s) => s.name !== name || s.region !== region);
    });
  }
  const { assetsBucket, pool } = readRecord(root, stage);
  if (assetsBucket) await deleteBucket(context.s3, assetsBucket);
  updateRecord(root, stage, (r) => {
    delete r.assetsBucket;
    delete r.outputs;
    if (r.pool) r.pool.inStack = false;
  });
  // Deletion protection stays on: deleting the pool, and its users, is a decision for the console.
  if (pool) log(`\n${pool.createdByDeploy ? 'Kept' : 'Left alone:'} user pool ${pool.userPoolId} and its users.`);
}
