/** Types of awsRecorder.js. */
export interface RecordedStack {
  status: string;
  /** The template CloudFormation was given last (JSON text), as a change set carried it. */
  template?: string;
}

export interface AwsRecorder {
  url: string;
  calls: { service: string; action: string; path?: string; stack?: string }[];
  state: { stacks: Record<string, RecordedStack>; buckets: Record<string, Record<string, Buffer>> };
  /** A call to refuse once ('CreateChangeSet', 'Action#n', 's3 PUT'), or 'resource' for a rollback. */
  fail: string | undefined;
  /** What it answers with; may be changed between calls. */
  fixture: AwsFixture;
  liveStacks(): string[];
  close(): Promise<void>;
}

export interface AwsFixture {
  /** The stack's outputs. */
  outputs?: Record<string, string>;
  /** The resource changes every change set reports (DescribeChangeSet's Changes). */
  changes?: object[];
}

export function startAwsRecorder(fixture?: AwsFixture): Promise<AwsRecorder>;
export const ACCOUNT: string;
export const REGION: string;
