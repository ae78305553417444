import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackCommandInput,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  UpdateStackCommandInput,
} from '@aws-sdk/client-cloudformation';
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CloudFormationError,
  Environment,
  FakeResource,
  TemplateApplication,
  validateParameters,
} from './fakeCloudFormation';

/**
 * MOCK, for tests only: CloudFormation, S3 and STS cannot be reached from the test machine (no AWS
 * account, no network), so their SDK clients are stubbed with aws-sdk-client-mock in the processes
 * the deploy runs in (installed by fakeAwsPreload.js, which only the tests load). The fake keeps
 * its "account" in a JSON file, so the deploy, the Jovo CLI it starts and a later run all see the
 * same stacks and buckets, and the test can inspect them. Cognito is NOT faked: the deploy reads
 * the client secret from the real local identity service over HTTP (DescribeUserPoolClient).
 */
export interface FakeStack {
  status: string;
  template: Record<string, unknown>;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  resources: Record<string, FakeResource>;
  events: { LogicalResourceId: string; ResourceStatus: string; ResourceStatusReason?: string }[];
}

export interface FakeAccount extends Omit<Environment, 'stackName'> {
  stacks: Record<string, FakeStack>;
  buckets: Record<string, Record<string, { sha256: string; size: number; lastModified: string }>>;
  /** Every call that would change something, in order: "CloudFormation.CreateStack profile-keeper-prod". */
  writes: string[];
  /** Resources left behind by a deleted stack because of DeletionPolicy Retain. */
  retained: string[];
}

const STATE = 'account.json';

export function readAccount(dir: string): FakeAccount {
  return JSON.parse(readFileSync(join(dir, STATE), 'utf8')) as FakeAccount;
}

export function writeAccount(dir: string, account: FakeAccount): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${STATE}.tmp`), JSON.stringify(account, null, 2));
  renameSync(join(dir, `${STATE}.tmp`), join(dir, STATE));
}

export function objectPath(dir: string, bucket: string, key: string): string {
  return join(dir, 'objects', bucket, key);
}

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

function change(dir: string, fn: (account: FakeAccount) => unknown): unknown {
  const account = readAccount(dir);
  try {
    return fn(account);
  } catch (error) {
    if (error instanceof CloudFormationError) throw awsError(error.errorName, error.message);
    throw error;
  } finally {
    writeAccount(dir, account);
  }
}

function applyTemplate(
  account: FakeAccount,
  name: string,
  input: CreateStackCommandInput | UpdateStackCommandInput,
  previous?: FakeStack,
): FakeStack {
  const template = JSON.parse(input.TemplateBody ?? '{}') as Record<string, unknown>;
  const given = Object.fromEntries((input.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
  const parameters = validateParameters(template, given);
  const types = Object.values((template.Resources ?? {}) as Record<string, { Type: string }>).map((r) => r.Type);
  if (types.some((type) => type.startsWith('AWS::IAM::')) && !input.Capabilities?.includes('CAPABILITY_IAM')) {
    throw awsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]');
  }
  const env = { ...account, stackName: name };
  const applied = new TemplateApplication(template, parameters, env, previous?.resources);
  const stack: FakeStack = {
    status: previous ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE',
    template,
    parameters,
    outputs: applied.outputs(),
    resources: applied.resources,
    events: [],
  };
  // Lambda reads its code from S3 while the stack changes: an artefact that is not there fails it.
  for (const [id, resource] of Object.entries(applied.resources)) {
    const code = resource.properties.Code as { S3Bucket?: string; S3Key?: string } | undefined;
    if (
      resource.type === 'AWS::Lambda::Function' &&
      code?.S3Key &&
      !account.buckets[code.S3Bucket ?? '']?.[code.S3Key]
    ) {
      const reason =
        'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.';
      return {
        ...(previous ?? stack),
        status: previous ? 'UPDATE_ROLLBACK_COMPLETE' : 'ROLLBACK_COMPLETE',
        events: [
          {
            LogicalResourceId: id,
            ResourceStatus: previous ? 'UPDATE_FAILED' : 'CREATE_FAILED',
            ResourceStatusReason: reason,
          },
        ],
      };
    }
  }
  for (const resource of Object.values(applied.resources)) {
    if (resource.type === 'AWS::S3::Bucket') account.buckets[resource.physicalId] ??= {};
  }
  return stack;
}

function stackOf(account: FakeAccount, name: string | undefined): FakeStack {
  const stack = account.stacks[name ?? ''];
  if (!stack) throw awsError('ValidationError', `Stack with id ${name} does not exist`);
  return stack;
}

export function installFakeAws(dir: string): void {
  mockClient(STSClient)
    .on(GetCallerIdentityCommand)
    .callsFake(() => {
      const { account } = readAccount(dir);
      return { Account: account, Arn: `arn:aws:iam::${account}:user/deployer`, UserId: 'AIDAFAKEDEPLOYER' };
    });

  mockClient(CloudFormationClient)
    .on(DescribeStacksCommand)
    .callsFake(({ StackName }) => {
      const stack = stackOf(readAccount(dir), StackName);
      return {
        Stacks: [
          {
            StackName,
            StackId: `arn:aws:cloudformation:us-east-1:000000000000:stack/${StackName}/fake`,
            StackStatus: stack.status,
            CreationTime: new Date(0),
            Outputs: Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
          },
        ],
      };
    })
    .on(CreateStackCommand)
    .callsFake((input) =>
      change(dir, (account) => {
        const name = input.StackName ?? '';
        if (account.stacks[name]) throw awsError('AlreadyExistsException', `Stack [${name}] already exists`);
        account.writes.push(`CloudFormation.CreateStack ${name}`);
        account.stacks[name] = applyTemplate(account, name, input);
        return { StackId: `arn:aws:cloudformation:::stack/${name}/fake` };
      }),
    )
    .on(UpdateStackCommand)
    .callsFake((input) =>
      change(dir, (account) => {
        const name = input.StackName ?? '';
        const previous = stackOf(account, name);
        const next = applyTemplate(account, name, input, previous);
        if (
          JSON.stringify(next.template) === JSON.stringify(previous.template) &&
          JSON.stringify(next.parameters) === JSON.stringify(previous.parameters)
        ) {
          throw awsError('ValidationError', 'No updates are to be performed.');
        }
        account.writes.push(`CloudFormation.UpdateStack ${name}`);
        account.stacks[name] = next;
        return { StackId: `arn:aws:cloudformation:::stack/${name}/fake` };
      }),
    )
    .on(DeleteStackCommand)
    .callsFake((input) =>
      change(dir, (account) => {
        const name = input.StackName ?? '';
        const stack = account.stacks[name];
        if (!stack) return {};
        account.writes.push(`CloudFormation.DeleteStack ${name}`);
        const full = Object.entries(stack.resources).find(
          ([, r]) => r.type === 'AWS::S3::Bucket' && Object.keys(account.buckets[r.physicalId] ?? {}).length > 0,
        );
        if (full) {
          stack.status = 'DELETE_FAILED';
          stack.events = [
            {
              LogicalResourceId: full[0],
              ResourceStatus: 'DELETE_FAILED',
              ResourceStatusReason: 'The bucket you tried to delete is not empty',
            },
          ];
          return {};
        }
        for (const resource of Object.values(stack.resources)) {
          if (resource.retain) account.retained.push(`${resource.type} ${resource.physicalId}`);
          else if (resource.type === 'AWS::S3::Bucket') delete account.buckets[resource.physicalId];
        }
        delete account.stacks[name];
        return {};
      }),
    )
    .on(DescribeStackEventsCommand)
    .callsFake(({ StackName }) => ({ StackEvents: stackOf(readAccount(dir), StackName).events }));

  const bucketOf = (account: FakeAccount, bucket: string | undefined) => {
    const objects = account.buckets[bucket ?? ''];
    if (!objects) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    return objects;
  };
  mockClient(S3Client)
    .on(HeadObjectCommand)
    .callsFake(({ Bucket, Key }) => {
      const object = bucketOf(readAccount(dir), Bucket)[Key ?? ''];
      if (!object) throw awsError('NotFound', 'NotFound', 404);
      return { ContentLength: object.size };
    })
    .on(PutObjectCommand)
    .callsFake(({ Bucket, Key, Body }) =>
      change(dir, (account) => {
        const body = Buffer.from(Body as Uint8Array);
        bucketOf(account, Bucket)[Key ?? ''] = {
          sha256: createHash('sha256').update(body).digest('hex'),
          size: body.length,
          lastModified: new Date().toISOString(),
        };
        account.writes.push(`S3.PutObject ${Key}`);
        const file = objectPath(dir, Bucket ?? '', Key ?? '');
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, body);
        return { ETag: '"fake"' };
      }),
    )
    .on(ListObjectsV2Command)
    .callsFake(({ Bucket }) => ({
      Contents: Object.entries(bucketOf(readAccount(dir), Bucket)).map(([Key, o]) => ({
        Key,
        Size: o.size,
        LastModified: new Date(o.lastModified),
      })),
      IsTruncated: false,
    }))
    .on(DeleteObjectsCommand)
    .callsFake(({ Bucket, Delete }) =>
      change(dir, (account) => {
        const objects = bucketOf(account, Bucket);
        for (const { Key } of Delete?.Objects ?? []) delete objects[Key ?? ''];
        account.writes.push(`S3.DeleteObjects ${(Delete?.Objects ?? []).length}`);
        return { Deleted: Delete?.Objects };
      }),
    );
}
