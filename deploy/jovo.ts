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
import { Stage } from './settings';
import type { StepContext } from './steps';

/**
 * The deploy as Jovo CLI users find it in jovo.project.ts:
 * - `jovo deploy:code cloudformation`: a target plugin (like @jovotech/target-serverless) that
 *   bundles and deploys the stack (deploy/template.yaml);
 * - `jovo deploy:platform alexa`: Jovo uploads the skill package, then the `after.deploy:platform`
 *   hook sets account linking, which the skill package API cannot carry;
 * - `before.build:platform`: the invocation name from app.json into every model (see below).
 * The deploy modules are loaded when a hook runs, so `jovo run` and `jovo build` do not load the AWS SDK.
 */
export interface DeployTargetConfig extends PluginConfig {
  root: string;
  stage: Stage;
  /** Makes the step context when a hook runs (AWS clients, ASK CLI profile, log). */
  context: () => Promise<StepContext>;
}

function asJovoError(error: unknown, hint: string): JovoCliError {
  return new JovoCliError({ message: error instanceof Error ? error.message : String(error), hint });
}

class DeployCodeHook extends PluginHook<'deploy:code'> {
  declare $plugin: CloudFormationTarget;
  declare $context: PluginContext & { target?: string[] | string };

  install(): void {
    this.middlewareCollection = { 'deploy:code': [this.deploy.bind(this)] };
  }

  async deploy(): Promise<void> {
    const targets = [this.$context.target ?? []].flat();
    if (!targets.includes(this.$plugin.id)) return;
    const { root, stage, context } = this.$plugin.config;
    const [{ deployStack }, { knownSkillId }] = await Promise.all([import('./steps'), import('./state')]);
    try {
      const { outputs } = await deployStack(await context(), knownSkillId(root, stage));
      Log.info(`Stack deployed: function ${outputs.functionArn}, Hosted UI ${outputs.cognitoDomain}`);
    } catch (error) {
      throw asJovoError(error, 'See docs/deploy.md, "Troubleshooting".');
    }
  }
}

/** `jovo deploy:code cloudformation`: the Lambda function and Cognito user pool stack. */
export class CloudFormationTarget extends JovoCliPlugin<DeployTargetConfig> {
  readonly id = 'cloudformation';
  readonly type: PluginType = 'target';

  getHooks(): (typeof PluginHook)[] {
    return [DeployCodeHook as unknown as typeof PluginHook];
  }
}

/** `after.deploy:platform`: account linking for the skill Jovo just created or updated. */
export function accountLinkingHook(context: () => Promise<StepContext>) {
  return async (hookContext: PluginContext & { platforms?: string[]; alexa?: { skillId?: string } }) => {
    if (hookContext.platforms && !hookContext.platforms.includes('alexa')) return;
    const skillId = hookContext.alexa?.skillId;
    if (!skillId) throw new JovoCliError({ message: 'Jovo reported no skill id, so account linking was not set.' });
    const { linkAccounts } = await import('./steps');
    try {
      await linkAccounts(await context(), skillId);
    } catch (error) {
      throw asJovoError(error, 'Account linking is not set; see docs/deploy.md, "Troubleshooting".');
    }
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
