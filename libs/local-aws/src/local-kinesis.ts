import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createLocalStream, localKinesisClient } from './clients';
import { startKinesalite } from './servers';

/** A kinesalite on loopback and a client for it. */
export interface LocalKinesis {
  readonly kinesis: KinesisClient;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Creates a stream and waits until it is ACTIVE, so it takes records at once. */
  createStream(streamName: string, shardCount?: number): Promise<void>;
  /** Destroys the client and stops the server. */
  stop(): Promise<void>;
}

/**
 * The set-up every Kinesis spec shares: a fresh kinesalite, its client, and the streams given
 * (name: shard count), ACTIVE.
 */
export async function startLocalKinesis(
  streams: Readonly<Record<string, number>> = {},
  options: { shardLimit?: number } = {},
): Promise<LocalKinesis> {
  const server = await startKinesalite(options);
  const kinesis = localKinesisClient(server.endpoint);
  const local: LocalKinesis = {
    kinesis,
    endpoint: server.endpoint,
    createStream: (streamName, shardCount = 1) =>
      createLocalStream(kinesis, streamName, shardCount),
    stop: async () => {
      kinesis.destroy();
      await server.stop();
    },
  };
  try {
    for (const [streamName, shardCount] of Object.entries(streams)) {
      await local.createStream(streamName, shardCount);
    }
  } catch (error) {
    await local.stop();
    throw error;
  }
  return local;
}
