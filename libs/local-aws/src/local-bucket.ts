import type { S3Client } from '@aws-sdk/client-s3';
import { createLocalBucket, localS3Client } from './clients';
import { startS3rver } from './servers';

/** An s3rver on loopback and a client for it. */
export interface LocalS3 {
  readonly s3: S3Client;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  createBucket(bucket: string): Promise<void>;
  /** Destroys the client and stops the server. */
  stop(): Promise<void>;
}

/** An s3rver on loopback with one bucket, and a client for it. */
export interface LocalBucket extends LocalS3 {
  readonly bucket: string;
}

/** The set-up every S3 spec shares: a fresh s3rver, its client, and the buckets given, created. */
export async function startLocalS3(buckets: readonly string[] = []): Promise<LocalS3> {
  const server = await startS3rver();
  const s3 = localS3Client(server.endpoint);
  const local: LocalS3 = {
    s3,
    endpoint: server.endpoint,
    createBucket: (bucket) => createLocalBucket(s3, bucket),
    stop: async () => {
      s3.destroy();
      await server.stop();
    },
  };
  try {
    for (const bucket of buckets) await local.createBucket(bucket);
  } catch (error) {
    await local.stop();
    throw error;
  }
  return local;
}

/** A fresh s3rver with one bucket, created, and its client. */
export async function startLocalBucket(bucket: string): Promise<LocalBucket> {
  return { ...(await startLocalS3([bucket])), bucket };
}
