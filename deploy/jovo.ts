import * as jovo from '@jovotech/cli-core';
import type { DeployContext } from './deploy';
import type { Stage } from './settings';
import { currentSettings, updateRecord } from './state';

/**
 * The deploy as Jovo CLI users find it in jovo.project.ts:
 * - `jovo deploy:code cloudformation`: a target plugin (like @jovotech/target-serverless) that
 *   deploys the stack, with the invoke permission for the stage's skill;
 * - `jovo deploy:platform alexa`: Jovo uploads the skill package, then the `after.deploy:platform`
 *   hook records the skill and sets account linking, which the Skill Package API cannot carry;
 * - `before.build:platform`: the invocation name from app.json into every model (see below).
 * The deploy's modules load only when a hook runs: `jovo run` and `jovo build` never load them.
 */
async function runStep(root: string, stage: Stage, step: (context: DeployContext) => Promise<void>): Promise<void> {
  const { prepare } = await import('./main');
  try {
    await step(await prepare(root, stage, { env: process.env, log: (line) => jovo.Log.info(line) }));
  } catch (error) {
    throw new jovo.JovoCliError({ message: (error as Error).message, hint: 'See docs/deploy.md.' });
  }
}

class DeployCodeHook extends jovo.PluginHook<'deploy:code'> {
  declare $plugin: CloudFormationTarget;
  declare $context: jovo.PluginContext & { target?: string[] | string };

  install(): void {
    this.middlewareCollection = { 'deploy:code': [this.deploy.bind(this)] };
  }

  async deploy(): Promise<void> {
    if (![this.$context.target ?? []].flat().includes(this.$plugin.id)) return;
    const { root, stage } = this.$plugin.config;
    const { deployStack } = await import('./deploy');
    await runStep(root, stage, (context) => deployStack(context, currentSettings(root, stage).settings.skillId));
  }
}

/** `jovo deploy:code cloudformation`: the Lambda function and Cognito user pool stack. */
export class CloudFormationTarget extends jovo.JovoCliPlugin<jovo.PluginConfig & { root: string; stage: Stage }> {
  readonly id = 'cloudformation';
  readonly type: jovo.PluginType = 'target';

  getHooks(): (typeof jovo.PluginHook)[] {
    return [DeployCodeHook as unknown as typeof jovo.PluginHook];
  }
}

/** `after.deploy:platform`: records the skill Jovo created or updated, then sets its account linking. */
export function accountLinkingHook(root: string, stage: Stage) {
  return async (hookContext: jovo.PluginContext & { platforms?: string[]; alexa?: { skillId?: string } }) => {
    if (hookContext.platforms && !hookContext.platforms.includes('alexa')) return;
    const skillId = hookContext.alexa?.skillId;
    if (!skillId)
      throw new jovo.JovoCliError({ message: 'Jovo reported no skill id, so account linking was not set.' });
    // Another id than the one Jovo was given: Jovo created the skill.
    const given = currentSettings(root, stage).settings.skillId;
    updateRecord(root, stage, (r) => {
      if (skillId !== given) r.createdSkills.push(skillId);
      r.skillId = skillId;
    });
    const { linkAccounts } = await import('./deploy');
    await runStep(root, stage, (context) => linkAccounts(context, skillId));
  };
}

/**
 * `before.build:platform`: applies `models.override` when Jovo reads a model. Jovo 4.6.2 validates
 * each model file before it merges that override, so a model without an invocation name (ours:
 * app.json holds it) fails validation although the merged model is complete.
 */
export function modelOverridesHook(overrides: Record<string, object>) {
  return () => {
    const project = jovo.JovoCli.getInstance().project;
    if (!project) return;
    const readModel = project.getModel.bind(project);
    project.getModel = async (locale: string) => ({ ...(await readModel(locale)), ...(overrides[locale] ?? {}) });
  };
}
