import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';

/** A record to put: its partition key and its text. */
export interface KeyedItem {
  partitionKey: string;
  data: string;
}

/**
 * Puts the items one PutRecord at a time, so the order within a shard is the order of `items`.
 * Any client with `send` fits (a KinesisClient on kinesalite, a fake).
 */
export async function putRecordsInOrder(
  kinesis: { send(command: PutRecordCommand): Promise<unknown> },
  streamName: string,
  items: readonly KeyedItem[],
): Promise<void> {
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

/** The text of a record as Lambda delivers it (base64 data). */
export const recordData = (record: KinesisStreamRecord): string =>
  Buffer.from(record.kinesis.data, 'base64').toString('utf8');

/** `count` items spread over partition keys k0..k(keys-1), data `<key>#<n>`. */
export function keyedItems(count: number, keys: number): KeyedItem[] {
  return Array.from({ length: count }, (_, n) => {
    const partitionKey = `k${n % keys}`;
    return { partitionKey, data: `${partitionKey}#${n}` };
  });
}
