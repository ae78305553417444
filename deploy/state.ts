import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DeployedStage, Stage, stageSettings, StageSettings } from './settings';

/**
 * What one deployment must remember for the next: the stack's outputs and the id of the skill it
 * created, in .deploy/<stage>.json (git-ignored), the way the ASK CLI keeps .ask/ask-states.json.
 * Not under build/: `rm -rf build` (and every `jovo build`, which starts from a clean folder)
 * would forget the skill id, and the next deploy would create a second skill. Not in app.json:
 * that file holds only what a person decides. Nothing secret is ever written here.
 */
export interface StackOutputs {
  deploymentBucket: string;
  userPoolId: string;
  appClientId: string;
  /** Hosted UI base URL, https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomain: string;
  functionArn: string;
  /** The skill the function's trigger permission is for ('' while there is none). */
  alexaSkillIdAllowed: string;
}

export interface DeployState {
  stackName: string;
  region: string;
  stack?: StackOutputs;
  skill?: {
    skillId: string;
    /** True when the deploy created the skill (and so `--remove` may delete it). */
    createdByDeploy: boolean;
  };
}

export function stateFile(root: string, stage: Stage): string {
  return join(root, '.deploy', `${stage}.json`);
}

export function readState(root: string, stage: Stage): DeployState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(root, stage), 'utf8')) as DeployState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Written whole to a temporary file and renamed, so an interrupted deploy never leaves half a file. */
export function writeState(root: string, stage: Stage, state: DeployState): void {
  const file = stateFile(root, stage);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function removeState(root: string, stage: Stage): void {
  rmSync(stateFile(root, stage), { force: true });
}

/**
 * The deployment's values as src/config.ts merges them over app.json. The function ARN becomes the
 * skill's endpoint only once the function lets this skill invoke it: Alexa refuses a Lambda
 * endpoint without that trigger permission, so a new skill is created without an endpoint first.
 */
export function deployedStage(state: DeployState | undefined, appSkillId = ''): DeployedStage {
  if (!state) return {};
  const skillId = state.skill?.skillId || appSkillId;
  const stack = state.stack;
  const endpointAllowed = Boolean(stack && skillId && stack.alexaSkillIdAllowed === skillId);
  return {
    ...(stack
      ? { userPoolId: stack.userPoolId, appClientId: stack.appClientId, cognitoDomain: stack.cognitoDomain }
      : {}),
    ...(endpointAllowed ? { functionArn: stack?.functionArn } : {}),
    ...(state.skill?.skillId ? { skillId: state.skill.skillId } : {}),
  };
}

/** Named after the package (not the skill), so renaming the skill keeps its stack and its users. */
export function stackName(root: string, stage: Stage): string {
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
  return `${name.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9-]/g, '-')}-${stage}`;
}

/** app.json merged with what the last deployment of this stage reported. */
export function currentSettings(root: string, stage: Stage): { settings: StageSettings; state: DeployState } {
  const state = readState(root, stage) ?? { stackName: stackName(root, stage), region: stageSettings(stage).region };
  return { state, settings: stageSettings(stage, deployedStage(state, stageSettings(stage).skillId)) };
}

/** The skill this deploy updates: the one it created before, or the one app.json names. */
export function knownSkillId(root: string, stage: Stage): string {
  return currentSettings(root, stage).settings.skillId;
}
