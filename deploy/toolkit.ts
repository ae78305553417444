import {
  DiffMethod,
  type IIoHost,
  type IoMessage,
  type IoRequest,
  StackSelectionStrategy,
  Toolkit,
  ToolkitError,
} from '@aws-cdk/toolkit-lib';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { App, Stack } from 'aws-cdk-lib';
import { SkillStack, SkillStackProps } from './stack';

/**
 * The stack through the AWS CDK's own deploy engine (@aws-cdk/toolkit-lib, in this process): a
 * change set for every update, CloudFormation's failure reasons of this attempt in its
 * DeploymentError, a fixed stack name so a rerun always finds the stack an interrupted run began.
 * Before an update executes, the change set is read: one that would replace or orphan the user
 * pool stops the deploy (its users would stay behind in the old pool).
 */
export class StackError extends Error {
  name = 'StackError';
}

export class PoolReplacementError extends Error {
  name = 'PoolReplacementError';
}

export interface StackChange {
  logicalId: string;
  type: string;
  /** WILL_CREATE, WILL_UPDATE, WILL_REPLACE, MAY_REPLACE, WILL_ORPHAN (removed but retained), WILL_DESTROY ... */
  impact: string;
}

/**
 * What a developer follows in the terminal: the change set's diff, CloudFormation's events and each
 * stack's result, warnings and errors. Timings, asset steps and the approval text (there is no
 * prompt) stay out.
 */
const SHOWN = new Set(['CDK_TOOLKIT_I4002', 'CDK_TOOLKIT_I5502', 'CDK_TOOLKIT_I5900', 'CDK_TOOLKIT_I7900']);

class TerminalHost implements IIoHost {
  constructor(private readonly log: (line: string) => void) {}
  async notify(msg: IoMessage<unknown>) {
    const problem = ['warn', 'error'].includes(msg.level) && !/^This deployment will make/.test(msg.message);
    if (problem || SHOWN.has(msg.code ?? '')) this.log(msg.message);
  }
  async requestResponse<T>(msg: IoRequest<unknown, T>): Promise<T> {
    return msg.defaultResponse; // never a prompt: the deploy runs without one
  }
}

const POOL_LOST = /WILL_REPLACE|MAY_REPLACE|WILL_ORPHAN|WILL_DESTROY/;

/** CloudFormation's reasons come with a hint of what to do, for the failures a developer can fix. */
const HINTS: [RegExp, string][] = [
  [/Domain already exists/i, 'choose another cognitoDomainPrefix in app.json (it is unique in the region)'],
  [
    /already exists/i,
    'a resource of that name exists outside this stack: delete it, or deploy under another package name',
  ],
  [/not authorized|AccessDenied/i, 'the AWS credentials lack a permission named above: use a role allowed to deploy'],
  [/limit exceeded|LimitExceeded/i, 'an account quota is reached: raise it in Service Quotas, or free what is unused'],
];

export class StackToolkit {
  private readonly toolkit: Toolkit;

  constructor(
    private readonly log: (line: string) => void,
    private readonly outdir: string,
  ) {
    this.toolkit = new Toolkit({ ioHost: new TerminalHost(log), color: false, emojis: false });
  }

  /** Whether the stack exists (in any state but deleted or an empty review). */
  async exists(stackName: string, region: string): Promise<boolean> {
    const cloudFormation = new CloudFormationClient({ region });
    try {
      const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
      return Boolean(Stacks?.length) && Stacks?.[0].StackStatus !== 'REVIEW_IN_PROGRESS';
    } catch (error) {
      if (/does not exist/.test((error as Error).message)) return false;
      throw error;
    } finally {
      cloudFormation.destroy();
    }
  }

  /** What the deploy would change: CloudFormation's own change set for an existing stack. */
  async changes(props: SkillStackProps, exists: boolean): Promise<StackChange[]> {
    const method = exists ? DiffMethod.ChangeSet({ fallbackToTemplate: false }) : DiffMethod.TemplateOnly();
    const diffs = await this.toolkit.diff(await this.stack(props), { stacks: this.select(props.stackName), method });
    const changes: StackChange[] = [];
    for (const diff of Object.values(diffs)) {
      diff.resources.forEachDifference((logicalId, change) => {
        changes.push({ logicalId, type: change.resourceType ?? '', impact: String(change.changeImpact) });
      });
    }
    return changes;
  }

  /** Deploys through a change set; stops first if the update would replace or orphan the user pool. */
  async deploy(props: SkillStackProps): Promise<Record<string, string>> {
    if (await this.exists(props.stackName, props.settings.region)) {
      const lost = (await this.changes(props, true)).filter(
        (c) => c.type === 'AWS::Cognito::UserPool' && POOL_LOST.test(c.impact),
      );
      if (lost.length) {
        throw new PoolReplacementError(
          `this change would replace or orphan the user pool (${lost.map((c) => `${c.logicalId}: ${c.impact}`).join(', ')}); ` +
            'its users would stay behind in the old pool and the skill would start on an empty one. Nothing was changed.\n' +
            '  Fix: undo the change to the pool, or make it in the console; to start over on purpose, `npm run deploy -- --remove` ' +
            'keeps the old pool and the next deploy uses it again.',
        );
      }
    }
    try {
      const result = await this.toolkit.deploy(await this.stack(props), {
        stacks: this.select(props.stackName),
        deploymentMethod: { method: 'change-set' },
      });
      return Object.fromEntries(Object.entries(result.stacks[0]?.outputs ?? {}).map(([k, v]) => [k, String(v)]));
    } catch (error) {
      // The DeploymentError (toolkit-lib wraps it) names the failed resources of this attempt only.
      const failure = ToolkitError.isDeploymentError(error) ? error : (error as Error).cause;
      if (!ToolkitError.isDeploymentError(failure)) throw error;
      const reasons = failure.message.split(/\nSource Location:/)[0].trim();
      const hint =
        HINTS.find(([pattern]) => pattern.test(reasons))?.[1] ?? 'fix the cause above and run the same command again';
      throw new StackError(`stack ${props.stackName} was not deployed:\n${reasons}\n  Fix: ${hint}.`);
    }
  }

  /** Deletes a stack by name (deleting needs no template: an empty stack of that name stands for it). */
  async destroy(stackName: string, region: string, account: string): Promise<void> {
    const assembly = await this.assembly((app) => new Stack(app, stackName, { stackName, env: { account, region } }));
    await this.toolkit.destroy(assembly, { stacks: this.select(stackName) });
  }

  private stack(props: SkillStackProps) {
    return this.assembly((app) => new SkillStack(app, props));
  }

  private select(stackName: string) {
    return { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE, patterns: [stackName] };
  }

  private assembly(build: (app: App) => void) {
    return this.toolkit.fromAssemblyBuilder(
      async ({ outdir, context }) => {
        const app = new App({ outdir, context, autoSynth: false });
        build(app);
        return app.synth();
      },
      { outdir: this.outdir },
    );
  }
}
