import * as tk from '@aws-cdk/toolkit-lib';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as s3 from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import { createHash } from 'node:crypto';
import { SkillStack, SkillStackProps } from './stack';

/**
 * The stack through the AWS CDK's own deploy engine (@aws-cdk/toolkit-lib, in this process): a
 * change set for every change, CloudFormation's failure reasons of this attempt, a fixed stack name
 * so a rerun finds the stack an interrupted run began. An update's change set is read first: one
 * that would replace or orphan the user pool stops the deploy (its users would stay behind).
 */
export class StackError extends Error {
  name = 'StackError';
}

export class PoolReplacementError extends Error {
  name = 'PoolReplacementError';
}

/** What a developer follows: the change set's diff, CloudFormation's events, each stack's result, problems. */
const SHOWN = new Set(['CDK_TOOLKIT_I4002', 'CDK_TOOLKIT_I5502', 'CDK_TOOLKIT_I5900', 'CDK_TOOLKIT_I7900']);

const terminalHost = (log: (line: string) => void): tk.IIoHost => ({
  async notify(msg) {
    // There is no prompt, so the approval text ("Please confirm ...") stays out.
    const problem = ['warn', 'error'].includes(msg.level) && !/^This deployment will make/.test(msg.message);
    if (problem || SHOWN.has(msg.code ?? '')) log(msg.message);
  },
  requestResponse: async (msg) => msg.defaultResponse,
});

const POOL_LOST = /WILL_REPLACE|MAY_REPLACE|WILL_ORPHAN|WILL_DESTROY/;
const HINTS: [RegExp, string][] = [
  [/Domain already exists/i, 'choose another cognitoDomainPrefix in app.json (it is unique in the region)'],
  [/not authorized|AccessDenied/i, 'the AWS credentials lack the permission named above: use a role allowed to deploy'],
];

export class StackToolkit {
  private readonly toolkit: tk.Toolkit;

  constructor(
    log: (line: string) => void,
    private readonly outdir: string,
  ) {
    this.toolkit = new tk.Toolkit({ ioHost: terminalHost(log), color: false, emojis: false });
  }

  /** Whether the stack exists; one whose creation failed (ROLLBACK_COMPLETE) does not: the toolkit makes it anew. */
  async exists(stackName: string, region: string): Promise<boolean> {
    const cloudFormation = new CloudFormationClient({ region });
    const found = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })).catch((error) => {
      if (/does not exist/.test(error.message)) return undefined;
      throw error;
    });
    return !['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', undefined].includes(found?.Stacks?.[0]?.StackStatus);
  }

  /** Each resource's change (WILL_CREATE, WILL_REPLACE, ...): CloudFormation's own change set for a stack that exists. */
  async changes(props: SkillStackProps, exists: boolean) {
    const method = exists ? tk.DiffMethod.ChangeSet({ fallbackToTemplate: false }) : tk.DiffMethod.TemplateOnly();
    const diffs = await this.toolkit.diff(await this.assembly(props), { stacks: select(props.stackName), method });
    const changes: { logicalId: string; type: string; impact: string }[] = [];
    for (const diff of Object.values(diffs)) {
      diff.resources.forEachDifference((logicalId, change) =>
        changes.push({ logicalId, type: change.resourceType ?? '', impact: String(change.changeImpact) }),
      );
    }
    return changes;
  }

  async deploy(props: SkillStackProps): Promise<Record<string, string>> {
    if (await this.exists(props.stackName, props.settings.region)) {
      const lost = (await this.changes(props, true)).filter(
        (c) => c.type === 'AWS::Cognito::UserPool' && POOL_LOST.test(c.impact),
      );
      if (lost.length) {
        throw new PoolReplacementError(
          `this change would replace or orphan the user pool (${lost.map((c) => `${c.logicalId}: ${c.impact}`).join(', ')}): ` +
            'its users would stay behind and the skill would start on an empty pool. Nothing was changed.\n' +
            '  Fix: undo the change to the pool (or make it in the Cognito console). To start over on purpose, ' +
            '`--remove` keeps the pool and the next deploy uses it again.',
        );
      }
    }
    try {
      const options = { stacks: select(props.stackName), deploymentMethod: { method: 'change-set' as const } };
      const result = await this.toolkit.deploy(await this.assembly(props), options);
      return Object.fromEntries(Object.entries(result.stacks[0]?.outputs ?? {}).map(([k, v]) => [k, String(v)]));
    } catch (error) {
      // The DeploymentError (toolkit-lib wraps it) names the failed resources of this attempt only.
      const failure = tk.ToolkitError.isDeploymentError(error) ? error : (error as Error).cause;
      if (!tk.ToolkitError.isDeploymentError(failure)) throw error;
      const reasons = failure.message.split(/\nSource Location:/)[0].trim();
      const hint =
        HINTS.find(([pattern]) => pattern.test(reasons))?.[1] ?? 'fix the cause above, then run the same command again';
      throw new StackError(`stack ${props.stackName} was not deployed:\n${reasons}\n  Fix: ${hint}.`);
    }
  }

  /** Deletes a stack by name: an empty stack of that name stands for it (deleting needs no template). */
  async destroy(stackName: string, region: string, account: string): Promise<void> {
    const assembly = await this.build((app) => new Stack(app, stackName, { stackName, env: { account, region } }));
    await this.toolkit.destroy(assembly, { stacks: select(stackName) });
  }

  private assembly(props: SkillStackProps) {
    return this.build((app) => new SkillStack(app, props));
  }

  private build(make: (app: App) => void) {
    return this.toolkit.fromAssemblyBuilder(
      async ({ outdir, context }) => {
        const app = new App({ outdir, context, autoSynth: false });
        make(app);
        return app.synth();
      },
      { outdir: this.outdir },
    );
  }
}

const select = (name: string) => ({ strategy: tk.StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE, patterns: [name] });

/**
 * The bucket for the stack's assets (the Lambda code, the template), made by the deploy itself: no
 * `cdk bootstrap`, which would leave a CDKToolkit stack with administrator roles in the account.
 */
export function assetsBucketName(stackName: string, account = '${AWS::AccountId}', region = '${AWS::Region}') {
  return `skill-assets-${createHash('sha256').update(stackName).digest('hex').slice(0, 8)}-${account}-${region}`;
}

export async function ensureBucket(client: s3.S3Client, Bucket: string, region: string): Promise<void> {
  const missing = await client.send(new s3.HeadBucketCommand({ Bucket })).then(
    () => false,
    (error) => (error.$metadata?.httpStatusCode === 404 ? true : Promise.reject(error)),
  );
  // us-east-1 is S3's default location and must not be named.
  const location = region === 'us-east-1' ? undefined : { LocationConstraint: region as s3.BucketLocationConstraint };
  if (missing) await client.send(new s3.CreateBucketCommand({ Bucket, CreateBucketConfiguration: location }));
}

export async function deleteBucket(client: s3.S3Client, Bucket: string): Promise<void> {
  for (;;) {
    const { Contents = [] } = await client.send(new s3.ListObjectsV2Command({ Bucket })).catch((error) => {
      if (error.name === 'NoSuchBucket') return { Contents: undefined };
      throw error;
    });
    if (Contents.length === 0) break;
    await client.send(
      new s3.DeleteObjectsCommand({ Bucket, Delete: { Objects: Contents.map(({ Key }) => ({ Key })) } }),
    );
  }
  await client.send(new s3.DeleteBucketCommand({ Bucket })).catch((error) => {
    if (error.name !== 'NoSuchBucket') throw error;
  });
}
