import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';

/** Test helpers shared by the poller specs (not exported from the library). */
export async function putAll(
  kinesis: KinesisClient,
  streamName: string,
  items: { partitionKey: string; data: string }[],
): Promise<void> {
  // One at a time, so the order within a shard is the order of `items`.
  for (const item of items) {
    await kinesis.send(
      new PutRecordCommand({
        StreamName: streamName,
        PartitionKey: item.partitionKey,
        Data: Buffer.from(item.data),
      }),
    );
  }
}

export const dataOf = (record: KinesisStreamRecord): string =>
  Buffer.from(record.kinesis.data, 'base64').toString('utf8');

/** `count` records spread over partition keys k0..k(keys-1), data `<key>#<n>`. */
export function items(count: number, keys: number): { partitionKey: string; data: string }[] {
  return Array.from({ length: count }, (_, n) => {
    const partitionKey = `k${n % keys}`;
    return { partitionKey, data: `${partitionKey}#${n}` };
  });
}
