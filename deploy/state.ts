import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppJson, Stage, stageSettings, StageSettings } from './settings';

/**
 * What a stage's deployment must never forget, in .deploy/<stage>.json (git-ignored; nothing secret):
 * every id, written the moment it exists, so a rerun after a failure at any step continues with the
 * same skill and stack, and `--remove` finds all the stage made. Not under build/: every `jovo build`
 * starts from an empty build/platform.alexa. Not in app.json: that holds a person's decisions.
 */
export interface DeployRecord {
  stackName: string;
  region: string;
  /** The skill this stage deploys: the one it created, or the one app.json names. */
  skillId?: string;
  /** Every skill and stack the stage created, and its assets bucket: `--remove` deletes them. */
  createdSkills: string[];
  createdStacks: { name: string; region: string }[];
  assetsBucket?: string;
  outputs?: {
    userPoolId: string;
    appClientId: string;
    /** Hosted UI base URL, e.g. https://<prefix>.auth.<region>.amazoncognito.com */
    cognitoDomain: string;
    functionArn: string;
    /** The skill the function's invoke permission is for ('' while there is none). */
    alexaSkillIdAllowed: string;
  };
  /** The pool the users live in; `inStack`: the stack holds it (else the stack points at it). */
  pool?: { userPoolId: string; createdByDeploy: boolean; inStack: boolean };
}

const recordFile = (root: string, stage: Stage) => join(root, '.deploy', `${stage}.json`);
const readAppJson = (root: string) => JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as AppJson;

export function readRecord(root: string, stage: Stage): DeployRecord {
  try {
    return JSON.parse(readFileSync(recordFile(root, stage), 'utf8')) as DeployRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Named after the package, not the skill: renaming the skill keeps its stack and its users.
    const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    const stackName = `${name.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9-]/g, '-')}-${stage}`;
    const { region } = stageSettings(stage, {}, readAppJson(root));
    return { stackName, region, createdSkills: [], createdStacks: [] };
  }
}

/** Changes the record and writes it whole to a temporary file, then renames: never half a file. */
export function updateRecord(root: string, stage: Stage, change: (record: DeployRecord) => void): void {
  const record = readRecord(root, stage);
  change(record);
  const file = recordFile(root, stage);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * The project's app.json (at `root`) merged with what the stage's deployment recorded. The function
 * is the skill's endpoint only once it lets this skill invoke it: Alexa refuses it before.
 */
export function currentSettings(root: string, stage: Stage): { settings: StageSettings; record: DeployRecord } {
  const app = readAppJson(root);
  const record = readRecord(root, stage);
  const { outputs, skillId = stageSettings(stage, {}, app).skillId } = record;
  const endpointAllowed = Boolean(skillId && outputs?.alexaSkillIdAllowed === skillId);
  const deployed = {
    ...outputs,
    functionArn: endpointAllowed ? outputs?.functionArn : undefined,
    skillId: record.skillId,
  };
  return { record, settings: stageSettings(stage, deployed, app) };
}
