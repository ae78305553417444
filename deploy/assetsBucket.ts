import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';

/**
 * The S3 bucket the stack's assets (the Lambda code, the template) are uploaded to. The deploy
 * makes it itself, so no `cdk bootstrap` is needed: that would leave a CDKToolkit stack with
 * administrator roles in the developer's account. `--remove` empties and deletes it.
 */
export function assetsBucketName(stackName: string, account = '${AWS::AccountId}', region = '${AWS::Region}') {
  const stack = createHash('sha256').update(stackName).digest('hex').slice(0, 8);
  return `skill-assets-${stack}-${account}-${region}`;
}

export async function ensureBucket(s3: S3Client, bucket: string, region: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
    // us-east-1 is S3's default location and must not be named.
    const location = region === 'us-east-1' ? undefined : { LocationConstraint: region as 'eu-west-1' };
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: location }));
  }
}

export async function deleteBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    for (;;) {
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      if (Contents.length === 0) break;
      const objects = Contents.map(({ Key }) => ({ Key }));
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as Error).name !== 'NoSuchBucket') throw error;
  }
}
