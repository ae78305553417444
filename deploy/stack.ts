import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  Stack,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { StackOutputs } from './state';

/**
 * The stack and its artefact, the way the Serverless Framework deployed them: a stack that first
 * holds only a deployment bucket, the zip uploaded there under a content hash, then the full
 * template; wait for CloudFormation, read the outputs. `remove` empties the bucket and deletes the
 * stack (the user pool stays: its DeletionPolicy is Retain).
 */
export class StackError extends Error {
  name = 'StackError';
}

export interface StackClients {
  cloudFormation: CloudFormationClient;
  s3: S3Client;
}

export interface StackDeployerOptions {
  /** Time between two looks at a stack that is changing (CloudFormation takes minutes). */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

/** A content-addressed key: the same code keeps its key, so CloudFormation sees no change to it. */
export function artefactKey(zip: Buffer): string {
  return `skill/${createHash('sha256').update(zip).digest('hex').slice(0, 20)}.zip`;
}

const OUTPUT_NAMES: Record<string, keyof StackOutputs> = {
  DeploymentBucketName: 'deploymentBucket',
  UserPoolId: 'userPoolId',
  UserPoolClientId: 'appClientId',
  HostedUiDomain: 'cognitoDomain',
  SkillFunctionArn: 'functionArn',
  AlexaSkillIdAllowed: 'alexaSkillIdAllowed',
};

/** Artefacts kept besides the current one: CloudFormation rolls a failed update back to the previous. */
const KEEP_PREVIOUS_ARTEFACTS = 2;

export function outputsOf(stack: Stack): StackOutputs {
  const outputs: StackOutputs = {
    deploymentBucket: '',
    userPoolId: '',
    appClientId: '',
    cognitoDomain: '',
    functionArn: '',
    alexaSkillIdAllowed: '',
  };
  for (const { OutputKey, OutputValue } of stack.Outputs ?? []) {
    const name = OUTPUT_NAMES[OutputKey ?? ''];
    if (name) outputs[name] = OutputValue ?? '';
  }
  return outputs;
}

const isMissingStack = (error: unknown) =>
  error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message);
const isNoChange = (error: unknown) =>
  error instanceof Error && error.name === 'ValidationError' && /No updates are to be performed/.test(error.message);

export class StackDeployer {
  private readonly pollIntervalMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly clients: StackClients,
    private readonly stackName: string,
    options: StackDeployerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.log = options.log ?? (() => undefined);
  }

  async describe(): Promise<Stack | undefined> {
    try {
      const { Stacks } = await this.clients.cloudFormation.send(
        new DescribeStacksCommand({ StackName: this.stackName }),
      );
      return Stacks?.[0];
    } catch (error) {
      if (isMissingStack(error)) return undefined;
      throw error;
    }
  }

  /** The deployment bucket, creating the stack with only the bucket when there is no stack yet. */
  async ensureBucket(bucketOnlyTemplate: object): Promise<string> {
    let stack = await this.settled(await this.describe());
    if (stack?.StackStatus === 'ROLLBACK_COMPLETE') {
      // A first creation that failed leaves a stack CloudFormation will not update: start over.
      this.log(`stack ${this.stackName} failed to create last time; deleting it to start over`);
      await this.deleteStack();
      stack = undefined;
    }
    if (!stack) {
      this.log(`creating stack ${this.stackName} (deployment bucket)`);
      await this.clients.cloudFormation.send(
        new CreateStackCommand({ StackName: this.stackName, TemplateBody: JSON.stringify(bucketOnlyTemplate) }),
      );
      stack = await this.waitFor('CREATE_COMPLETE');
    }
    const bucket = outputsOf(stack).deploymentBucket;
    if (!bucket) throw new StackError(`stack ${this.stackName} has no DeploymentBucketName output`);
    return bucket;
  }

  /** Uploads the artefact unless the bucket has it already (same content, same key). */
  async uploadArtefact(bucket: string, zip: Buffer): Promise<string> {
    const key = artefactKey(zip);
    try {
      await this.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      this.log(`artefact s3://${bucket}/${key} is already uploaded`);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'NotFound') throw error;
      this.log(`uploading artefact to s3://${bucket}/${key} (${(zip.length / 1024).toFixed(0)} KB)`);
      await this.clients.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: zip, ContentType: 'application/zip' }),
      );
    }
    return key;
  }

  /** Updates the stack to this template and parameters and waits; "no changes" is success. */
  async update(template: object, parameters: Record<string, string>): Promise<StackOutputs> {
    this.log(`updating stack ${this.stackName}`);
    try {
      await this.clients.cloudFormation.send(
        new UpdateStackCommand({
          StackName: this.stackName,
          TemplateBody: JSON.stringify(template),
          Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
          // The template creates IAM roles (without fixed names).
          Capabilities: ['CAPABILITY_IAM'],
        }),
      );
    } catch (error) {
      if (!isNoChange(error)) throw error;
      this.log(`stack ${this.stackName} is up to date`);
      const stack = await this.describe();
      if (!stack) throw new StackError(`stack ${this.stackName} disappeared`);
      return outputsOf(stack);
    }
    return outputsOf(await this.waitFor('UPDATE_COMPLETE'));
  }

  /** Deletes artefacts other than the current one and the latest few before it. */
  async pruneArtefacts(bucket: string, currentKey: string): Promise<void> {
    const objects = await this.listObjects(bucket);
    const old = objects
      .filter((object) => object.Key !== currentKey)
      .sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0))
      .slice(KEEP_PREVIOUS_ARTEFACTS);
    await this.deleteObjects(
      bucket,
      old.map((object) => object.Key as string),
    );
  }

  /** Empties the deployment bucket (CloudFormation cannot delete a bucket with objects) and deletes the stack. */
  async remove(): Promise<boolean> {
    const stack = await this.settled(await this.describe());
    if (!stack) return false;
    const bucket = outputsOf(stack).deploymentBucket;
    if (bucket)
      await this.deleteObjects(
        bucket,
        (await this.listObjects(bucket)).map((o) => o.Key as string),
      );
    await this.deleteStack();
    return true;
  }

  private async deleteStack(): Promise<void> {
    this.log(`deleting stack ${this.stackName}`);
    await this.clients.cloudFormation.send(new DeleteStackCommand({ StackName: this.stackName }));
    await this.waitFor('DELETE_COMPLETE');
  }

  private async listObjects(bucket: string) {
    const objects = [];
    let token: string | undefined;
    do {
      const page = await this.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      objects.push(...(page.Contents ?? []));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  private async deleteObjects(bucket: string, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.clients.s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
    }
  }

  /** Waits out an operation someone else started (an earlier run interrupted, the console). */
  private async settled(stack: Stack | undefined): Promise<Stack | undefined> {
    if (!stack?.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    this.log(`stack ${this.stackName} is ${stack.StackStatus}; waiting for it to finish`);
    return this.poll();
  }

  private async waitFor(expected: string): Promise<Stack> {
    const stack = await this.poll();
    // A deleted stack is gone from DescribeStacks by name.
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (status === expected) return stack ?? ({ StackStatus: status } as Stack);
    throw new StackError(`stack ${this.stackName} ended in ${status}:\n${await this.failureReasons()}`);
  }

  private async poll(): Promise<Stack | undefined> {
    for (;;) {
      const stack = await this.describe();
      if (!stack?.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
      await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
    }
  }

  /** Why CloudFormation failed, in its own words (the first failed resources of the latest operation). */
  private async failureReasons(): Promise<string> {
    try {
      const { StackEvents } = await this.clients.cloudFormation.send(
        new DescribeStackEventsCommand({ StackName: this.stackName }),
      );
      const failed = (StackEvents ?? []).filter((event) => event.ResourceStatus?.endsWith('_FAILED'));
      return failed
        .slice(0, 5)
        .map((event) => `  ${event.LogicalResourceId}: ${event.ResourceStatusReason}`)
        .join('\n');
    } catch {
      return '  (no stack events available)';
    }
  }
}
