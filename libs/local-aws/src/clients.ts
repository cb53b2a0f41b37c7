import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const REGION = 'us-east-1';

/** Kinesis client for kinesalite: HTTP/1.1, because the SDK's HTTP/2 default is not spoken there. */
export function localKinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  });
}

/** S3 client for s3rver: its only credentials, and path-style addressing. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

export async function createLocalStream(
  kinesis: KinesisClient,
  streamName: string,
  shardCount: number,
): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  // kinesalite turns a stream ACTIVE on a timer even with createStreamMs 0, and refuses puts to a
  // CREATING stream as "not found": wait for ACTIVE so callers can write at once.
  for (let i = 0; i < 200; i++) {
    const { StreamDescriptionSummary: d } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (d?.StreamStatus === 'ACTIVE') return;
    await sleep(5);
  }
  throw new Error(`stream ${streamName} did not become ACTIVE`);
}

export async function createLocalBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}
