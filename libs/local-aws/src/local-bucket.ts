import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
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

/** An s3rver on loopback with one bucket, a client for it, and the object calls specs make. */
export interface LocalBucket extends LocalS3 {
  readonly bucket: string;
  /** PutObject of a text body. */
  put(key: string, body: string): Promise<void>;
  /** GetObject of a text body, with its ETag. */
  read(key: string): Promise<{ text: string; etag: string | undefined }>;
  /** DeleteObject (nothing happens for a missing key). */
  remove(key: string): Promise<void>;
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
  const local = await startLocalS3([bucket]);
  const { s3 } = local;
  return {
    ...local,
    bucket,
    put: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    read: async (key) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { text: (await out.Body?.transformToString('utf-8')) ?? '', etag: out.ETag };
    },
    remove: async (key) => {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/**
 * The set-up of a spec file (or `describe`) whose tests share one bucket: `startLocalBucket` in
 * `beforeAll`, `stop` in `afterAll`. The bucket's members answer once `beforeAll` has run.
 */
export function useLocalBucket(bucket: string): LocalBucket {
  let started: LocalBucket | undefined;
  beforeAll(async () => {
    started = await startLocalBucket(bucket);
  });
  afterAll(() => started?.stop());
  const local = (): LocalBucket => {
    if (!started) throw new Error(`useLocalBucket(${bucket}): used before its beforeAll ran`);
    return started;
  };
  return {
    bucket,
    get s3() {
      return local().s3;
    },
    get endpoint() {
      return local().endpoint;
    },
    createBucket: (name) => local().createBucket(name),
    put: (key, body) => local().put(key, body),
    read: (key) => local().read(key),
    remove: (key) => local().remove(key),
    stop: () => local().stop(),
  };
}
