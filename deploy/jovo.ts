import {
  JovoCli,
  JovoCliError,
  JovoCliPlugin,
  Log,
  PluginConfig,
  PluginContext,
  PluginHook,
  PluginType,
} from '@jovotech/cli-core';
import type { DeployContext } from './deploy';
import type { Stage } from './settings';

/**
 * The deploy as Jovo CLI users find it in jovo.project.ts:
 * - `jovo deploy:code cloudformation`: a target plugin (like @jovotech/target-serverless) that
 *   deploys the stack, with the invoke permission for the stage's skill;
 * - `jovo deploy:platform alexa`: Jovo uploads the skill package, then the `after.deploy:platform`
 *   hook records the skill and sets account linking, which the Skill Package API cannot carry;
 * - `before.build:platform`: the invocation name from app.json into every model (see below).
 * The deploy's modules load only when a hook runs: `jovo run` and `jovo build` never load them.
 */
async function context(root: string, stage: Stage): Promise<DeployContext> {
  const { prepare } = await import('./main');
  return prepare(root, stage, { env: process.env, log: (line) => Log.info(line) });
}

const jovoError = (error: unknown) =>
  new JovoCliError({ message: (error as Error).message, hint: 'See docs/deploy.md.' });

class DeployCodeHook extends PluginHook<'deploy:code'> {
  declare $plugin: CloudFormationTarget;
  declare $context: PluginContext & { target?: string[] | string };

  install(): void {
    this.middlewareCollection = { 'deploy:code': [this.deploy.bind(this)] };
  }

  async deploy(): Promise<void> {
    if (![this.$context.target ?? []].flat().includes(this.$plugin.id)) return;
    const { root, stage } = this.$plugin.config;
    const [{ deployStack }, { currentSettings }] = await Promise.all([import('./deploy'), import('./state')]);
    const skillId = currentSettings(root, stage).settings.skillId;
    await context(root, stage)
      .then((run) => deployStack(run, skillId))
      .catch((error) => Promise.reject(jovoError(error)));
  }
}

/** `jovo deploy:code cloudformation`: the Lambda function and Cognito user pool stack. */
export class CloudFormationTarget extends JovoCliPlugin<PluginConfig & { root: string; stage: Stage }> {
  readonly id = 'cloudformation';
  readonly type: PluginType = 'target';

  getHooks(): (typeof PluginHook)[] {
    return [DeployCodeHook as unknown as typeof PluginHook];
  }
}

/** `after.deploy:platform`: records the skill Jovo created or updated, then sets its account linking. */
export function accountLinkingHook(root: string, stage: Stage) {
  return async (hookContext: PluginContext & { platforms?: string[]; alexa?: { skillId?: string } }) => {
    if (hookContext.platforms && !hookContext.platforms.includes('alexa')) return;
    const skillId = hookContext.alexa?.skillId;
    if (!skillId) throw new JovoCliError({ message: 'Jovo reported no skill id, so account linking was not set.' });
    const [{ linkAccounts }, { currentSettings, updateRecord }] = await Promise.all([
      import('./deploy'),
      import('./state'),
    ]);
    // Another id than the one Jovo was given: Jovo created the skill.
    const given = currentSettings(root, stage).settings.skillId;
    updateRecord(root, stage, (r) => {
      if (skillId !== given) r.createdSkills.push(skillId);
      r.skillId = skillId;
    });
    await context(root, stage)
      .then((run) => linkAccounts(run, skillId))
      .catch((error) => Promise.reject(jovoError(error)));
  };
}

/**
 * `before.build:platform`: applies `models.override` when Jovo reads a model. Jovo 4.6.2 validates
 * each model file before it merges that override, so a model without an invocation name (ours:
 * app.json holds it) fails validation although the merged model is complete.
 */
export function modelOverridesHook(overrides: Record<string, object>) {
  return () => {
    const project = JovoCli.getInstance().project;
    if (!project) return;
    const readModel = project.getModel.bind(project);
    project.getModel = async (locale: string) => ({ ...(await readModel(locale)), ...(overrides[locale] ?? {}) });
  };
}
