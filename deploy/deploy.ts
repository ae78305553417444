import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import { SKILL_NAMES } from '../src/config';
import { accountLinkingRequest } from './accountLinking';
import { assetsBucketName, deleteBucket, ensureBucket } from './assetsBucket';
import { checkAppClient, CognitoSetupError, poolHostedUi, readClientSecret } from './cognito';
import { Stage, StageSettings } from './settings';
import { skillManifest } from './skillManifest';
import { SmapiError, type Smapi } from './smapi';
import type { PoolChoice, SkillStackProps } from './stack';
import { currentSettings, DeployRecord, readRecord, updateRecord } from './state';
import type { StackToolkit } from './toolkit';

/**
 * `npm run deploy`, in the order Alexa needs: the skill first (SMAPI, its id recorded at once), then
 * the stack with the function's invoke permission for that skill, then the skill package with the
 * function as endpoint, account linking, and enabling for testing last. Every id is recorded the
 * moment it exists (state.ts) and every step is safe to repeat, so a rerun after a failure at any
 * step continues with the same skill and stack.
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
  /** The Lambda folder (scripts/bundle.js), with the pool's public keys when the pool is known. */
  lambdaFolder: (userPoolId?: string) => Promise<string>;
  /** The skill package zip, built from the stage's current settings (jovo build:platform). */
  skillPackage: () => Promise<Buffer>;
  /** Update an app client named in app.json to what Alexa needs (else its misfits are only printed). */
  fixAppClient?: boolean;
}

export async function deploy(context: DeployContext): Promise<void> {
  const { log } = context;
  log('[1/5] skill');
  const skillId = await ensureSkill(context);
  log(`[2/5] stack: function (invocable by ${skillId}), user pool, alarms`);
  await deployStack(context, skillId);
  log('[3/5] skill package, with the function as its endpoint');
  await context.smapi.importPackage(skillId, await context.skillPackage());
  log('[4/5] account linking');
  await linkAccounts(context, skillId);
  log('[5/5] enabling the skill for testing');
  await context.smapi.enableForTesting(skillId);
  log(`\n${summary(currentSettings(context.root, context.stage).settings)}`);
}

/** Account linking with the stack's Hosted UI and app client, the secret read from Cognito in memory. */
export async function linkAccounts(context: DeployContext, skillId: string): Promise<void> {
  const { record, settings } = currentSettings(context.root, context.stage);
  if (!record.outputs) {
    throw new CognitoSetupError(
      `stage ${context.stage} has no stack yet, so account linking has no app client to point at.\n  Fix: npm run deploy -- --stage ${context.stage}`,
    );
  }
  const { userPoolId, appClientId } = record.outputs;
  const secret = await readClientSecret(context.cognito, userPoolId, appClientId);
  await context.smapi.setAccountLinking(skillId, accountLinkingRequest(settings, secret));
}

/** The skill this stage deploys; created (and recorded at once) when there is none yet. */
async function ensureSkill({ root, stage, smapi, log }: DeployContext): Promise<string> {
  const { record, settings } = currentSettings(root, stage);
  const known = record.skillId || settings.skillId;
  if (known && (await smapi.exists(known))) return known;
  if (known && !record.createdSkills.includes(known)) {
    throw new SmapiError(
      `skill ${known} (app.json stages.${stage}.skillId) does not exist for your vendor.\n  Fix: correct the id, or empty it to let the deploy create the skill.`,
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

/** The stack's inputs for this stage as it stands: the pool, the Lambda folder, the assets bucket. */
export async function stackProps(context: DeployContext, skillId: string, stackExists: boolean) {
  const { record, settings } = currentSettings(context.root, context.stage);
  const pool = await choosePool(context, record, settings, stackExists);
  const userPoolId = pool.kind === 'existing' ? pool.userPoolId : record.pool?.userPoolId;
  const props: SkillStackProps = {
    stackName: record.stackName,
    settings,
    skillId,
    pool,
    codeDir: await context.lambdaFolder(userPoolId),
    assetsBucket: record.assetsBucket ?? assetsBucketName(record.stackName, context.account, settings.region),
    env: { account: context.account, region: settings.region },
  };
  return props;
}

export async function deployStack(context: DeployContext, skillId: string): Promise<void> {
  const { root, stage, toolkit } = context;
  const { record } = currentSettings(root, stage);
  const props = await stackProps(context, skillId, await toolkit.exists(record.stackName, record.region));
  // Recorded before they exist, so `--remove` finds them even after an interrupted first deploy.
  updateRecord(root, stage, (r) => {
    r.assetsBucket = props.assetsBucket;
    if (!r.createdStacks.some((s) => s.name === r.stackName && s.region === r.region)) {
      r.createdStacks.push({ name: r.stackName, region: r.region });
    }
  });
  await ensureBucket(context.s3, props.assetsBucket, props.settings.region);
  const outputs = await toolkit.deploy(props);
  updateRecord(root, stage, (r) => {
    r.outputs = {
      userPoolId: outputs.UserPoolId,
      appClientId: outputs.UserPoolClientId,
      cognitoDomain: outputs.HostedUiDomain,
      functionArn: outputs.SkillFunctionArn,
      alexaSkillIdAllowed: props.skillId, // what the stack now lets invoke the function
    };
    const own = props.pool.kind === 'new' || Boolean(r.pool?.createdByDeploy && !props.settings.existingPool);
    r.pool = { userPoolId: outputs.UserPoolId, createdByDeploy: own, inStack: props.pool.kind === 'new' };
  });
}

/**
 * Which pool the stack uses: one app.json names (a team's), the stage's own pool when the stack no
 * longer holds it (kept by `--remove`), or a new one. An existing pool keeps its users and settings;
 * the stack adds the skill's app client (unless app.json names one) and a domain if it has none.
 */
async function choosePool(
  { cognito, log, fixAppClient }: DeployContext,
  record: DeployRecord,
  settings: StageSettings,
  stackExists: boolean,
): Promise<PoolChoice> {
  const named = settings.existingPool;
  const kept = record.pool && !(record.pool.inStack && stackExists) ? record.pool : undefined;
  const userPoolId = named?.userPoolId ?? kept?.userPoolId;
  if (!userPoolId) return { kind: 'new' };
  const hostedUi = named?.cognitoDomain ?? (await poolHostedUi(cognito, userPoolId, settings.region));
  if (hostedUi === null && !named) {
    log(`the user pool ${userPoolId} kept for this stage no longer exists: the stack makes a new one`);
    return { kind: 'new' };
  }
  if (hostedUi === null) throw new CognitoSetupError(`app.json names user pool ${userPoolId}, which does not exist`);
  log(`using user pool ${userPoolId} as it is (its users keep their accounts)`);
  if (named?.appClientId) {
    const ids = { poolId: userPoolId, clientId: named.appClientId, vendorId: settings.vendorId };
    const misfits = await checkAppClient(cognito, ids, Boolean(fixAppClient));
    if (fixAppClient) log(`app client ${named.appClientId} updated to what Alexa needs`);
    for (const misfit of misfits) log(`  app client ${named.appClientId}: ${misfit}`);
    if (misfits.length) log('  (left unchanged: `npm run deploy -- --fix-app-client` updates it, keeping all else)');
  }
  return { kind: 'existing', userPoolId, hostedUi, appClientId: named?.appClientId };
}

function summary(settings: StageSettings): string {
  const { name, invocationName } = SKILL_NAMES;
  return [
    `Deployed ${name} (stage ${settings.stage}).`,
    `  Skill id:   ${settings.skillId}`,
    `  Endpoint:   ${settings.endpoint}`,
    `  Sign-in:    ${settings.cognitoDomain}/login (Cognito Hosted UI)`,
    '',
    'Link your account (the Alexa app signed in with your Amazon developer account):',
    `  More > Skills & Games > Your Skills > Dev > ${name} > Enable to use. Sign up or sign in on`,
    '  the page that opens; the app then says the account was linked.',
    'Then say to your Echo:',
    `  "Alexa, open ${invocationName}"  and  "Alexa, ask ${invocationName} what is my email address"`,
    '',
    `Remove all of it again: npm run deploy -- --stage ${settings.stage} --remove`,
  ].join('\n');
}

/**
 * `--remove`: every skill and stack the stage created, and the assets bucket. A pool the deploy made
 * stays with its users (Retain, deletion protection); a pool it did not make was never in a stack.
 */
export async function remove(context: DeployContext): Promise<void> {
  const { root, stage, log, smapi, toolkit } = context;
  for (const skillId of readRecord(root, stage).createdSkills) {
    log(`deleting skill ${skillId}`);
    await smapi.deleteSkill(skillId);
    updateRecord(root, stage, (r) => {
      r.createdSkills = r.createdSkills.filter((id) => id !== skillId);
      if (r.skillId === skillId) delete r.skillId;
    });
  }
  for (const stack of readRecord(root, stage).createdStacks) {
    log(`deleting stack ${stack.name} (${stack.region})`);
    await toolkit.destroy(stack.name, stack.region, context.account);
    updateRecord(root, stage, (r) => {
      r.createdStacks = r.createdStacks.filter((s) => s.name !== stack.name || s.region !== stack.region);
    });
  }
  const { assetsBucket, pool } = readRecord(root, stage);
  if (assetsBucket) {
    log(`deleting bucket ${assetsBucket}`);
    await deleteBucket(context.s3, assetsBucket);
  }
  updateRecord(root, stage, (r) => {
    delete r.assetsBucket;
    delete r.outputs;
    if (r.pool) r.pool.inStack = false;
  });
  if (pool?.createdByDeploy) {
    log(
      `\nKept user pool ${pool.userPoolId} and its users; the next deploy of stage ${stage} uses it again. To delete it:\n` +
        `  aws cognito-idp update-user-pool --user-pool-id ${pool.userPoolId} --deletion-protection INACTIVE\n` +
        `  aws cognito-idp delete-user-pool --user-pool-id ${pool.userPoolId}`,
    );
  } else if (pool) log(`\nUser pool ${pool.userPoolId} was not the deploy's: left as it is.`);
}
