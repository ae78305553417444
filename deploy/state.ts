import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppJson, DeployedStage, Stage, stageSettings, StageSettings } from './settings';

/**
 * What a stage's deployment must never forget, in .deploy/<stage>.json (git-ignored; nothing secret):
 * every id, written the moment it exists, so a rerun after a failure at any step continues with the
 * same skill and stack, and `--remove` finds everything the stage ever made. Not under build/: every
 * `jovo build` starts from an empty build/platform.alexa. Not in app.json: that holds decisions.
 */
export interface StackOutputs {
  userPoolId: string;
  appClientId: string;
  /** Hosted UI base URL, e.g. https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomain: string;
  functionArn: string;
  /** The skill the function's invoke permission is for ('' while there is none). */
  alexaSkillIdAllowed: string;
}

export interface DeployRecord {
  stackName: string;
  region: string;
  /** The skill this stage deploys: the one it created, or the one app.json names. */
  skillId?: string;
  /** Every skill the stage created; `--remove` deletes them. */
  createdSkills: string[];
  /** Every stack the stage deployed; `--remove` deletes them. */
  createdStacks: { name: string; region: string }[];
  /** The bucket the deploy made for the stack's assets; `--remove` empties and deletes it. */
  assetsBucket?: string;
  outputs?: StackOutputs;
  /** The pool the users live in. `inStack`: the stack holds it (else the stack only points at it). */
  pool?: { userPoolId: string; createdByDeploy: boolean; inStack: boolean };
}

export function recordFile(root: string, stage: Stage): string {
  return join(root, '.deploy', `${stage}.json`);
}

/** Named after the package (not the skill), so renaming the skill keeps its stack and its users. */
export function stackName(root: string, stage: Stage): string {
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
  return `${name.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9-]/g, '-')}-${stage}`;
}

export function readRecord(root: string, stage: Stage, app?: AppJson): DeployRecord {
  try {
    return JSON.parse(readFileSync(recordFile(root, stage), 'utf8')) as DeployRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { region } = stageSettings(stage, {}, app);
    return { stackName: stackName(root, stage), region, createdSkills: [], createdStacks: [] };
  }
}

/** Changes the record and writes it whole to a temporary file, then renames: never half a file. */
export function updateRecord(root: string, stage: Stage, change: (record: DeployRecord) => void): DeployRecord {
  const record = readRecord(root, stage);
  change(record);
  const file = recordFile(root, stage);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return record;
}

/**
 * The deployment's values as the stage's settings take them. The function becomes the skill's
 * endpoint only once it lets this skill invoke it: Alexa refuses a Lambda endpoint without that.
 */
export function deployedStage(record: DeployRecord, appSkillId = ''): DeployedStage {
  const skillId = record.skillId || appSkillId;
  const outputs = record.outputs;
  const endpointAllowed = Boolean(outputs && skillId && outputs.alexaSkillIdAllowed === skillId);
  return {
    ...(outputs ? { userPoolId: outputs.userPoolId, appClientId: outputs.appClientId } : {}),
    ...(outputs ? { cognitoDomain: outputs.cognitoDomain } : {}),
    ...(endpointAllowed ? { functionArn: outputs?.functionArn } : {}),
    ...(record.skillId ? { skillId: record.skillId } : {}),
  };
}

/** The project's app.json (at `root`) merged with what the stage's deployment recorded. */
export function currentSettings(root: string, stage: Stage): { settings: StageSettings; record: DeployRecord } {
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as AppJson;
  const record = readRecord(root, stage, app);
  return { record, settings: stageSettings(stage, deployedStage(record, stageSettings(stage, {}, app).skillId), app) };
}
