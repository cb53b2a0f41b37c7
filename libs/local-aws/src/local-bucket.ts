import type { S3Client } from '@aws-sdk/client-s3';
import { createLocalBucket, localS3Client } from './clients';
import { startS3rver } from './servers';

/** An s3rver on loopback with one bucket, and a client for it. */
export interface LocalBucket {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Destroys the client and stops the server. */
  stop(): Promise<void>;
}

/** The set-up every S3 spec shares: a fresh s3rver, its client, the bucket created. */
export async function startLocalBucket(bucket: string): Promise<LocalBucket> {
  const server = await startS3rver();
  const s3 = localS3Client(server.endpoint);
  const stop = async (): Promise<void> => {
    s3.destroy();
    await server.stop();
  };
  try {
    await createLocalBucket(s3, bucket);
  } catch (error) {
    await stop();
    throw error;
  }
  return { s3, bucket, stop };
}
