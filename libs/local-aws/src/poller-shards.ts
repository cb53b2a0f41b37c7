import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { kinesisStreamRecord } from '@fleetlog/aws-kit';
import type { KinesisStreamRecord } from 'aws-lambda';

/** Where the next read of a shard starts. */
export type ShardPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface ShardRead {
  records: KinesisStreamRecord[];
  /** The shard is closed (split or merged) and nothing is left to read. */
  ended: boolean;
}

export interface StreamInfo {
  streamArn: string;
  shardIds: string[];
}

const REGION = 'us-east-1';

/** Reads one stream's shards and shapes records as Lambda delivers them. */
export class ShardReader {
  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
  ) {}

  async describe(): Promise<StreamInfo> {
    const shardIds: string[] = [];
    let streamArn = '';
    let exclusiveStartShardId: string | undefined;
    for (;;) {
      const { StreamDescription: d } = await this.kinesis.send(
        new DescribeStreamCommand({
          StreamName: this.streamName,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      if (!d) throw new Error(`stream ${this.streamName} has no description`);
      streamArn = d.StreamARN ?? `arn:aws:kinesis:${REGION}:000000000000:stream/${this.streamName}`;
      for (const shard of d.Shards ?? []) if (shard.ShardId) shardIds.push(shard.ShardId);
      if (!d.HasMoreShards || shardIds.length === 0) break;
      exclusiveStartShardId = shardIds[shardIds.length - 1];
    }
    return { streamArn, shardIds };
  }

  async read(
    shardId: string,
    position: ShardPosition,
    limit: number,
    streamArn: string,
  ): Promise<ShardRead> {
    const { ShardIterator } = await this.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: this.streamName,
        ShardId: shardId,
        ShardIteratorType: position.type as ShardIteratorType,
        StartingSequenceNumber:
          position.type === 'TRIM_HORIZON' ? undefined : position.sequenceNumber,
      }),
    );
    if (!ShardIterator) return { records: [], ended: true };
    const out = await this.kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: limit }));
    const records = (out.Records ?? []).map((r) => {
      const sequenceNumber = r.SequenceNumber ?? '';
      const arrivalMs = r.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
      return kinesisStreamRecord({
        shardId,
        streamArn,
        partitionKey: r.PartitionKey ?? '',
        sequenceNumber,
        data: r.Data ?? new Uint8Array(),
        arrivalMs,
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/local-event-source',
      });
    });
    return { records, ended: records.length === 0 && !out.NextShardIterator };
  }
}

/** Arrival time of a delivered record, ms since the epoch. */
export function arrivalMs(record: KinesisStreamRecord): number {
  return Math.round(record.kinesis.approximateArrivalTimestamp * 1000);
}

/**
 * Index of the earliest reported failure in `records`, 0 when a reported identifier is empty or
 * unknown (Lambda then retries the whole batch), or -1 when there is none.
 */
export function firstFailureIndex(
  records: readonly KinesisStreamRecord[],
  failures: readonly { itemIdentifier: string }[] | undefined,
): number {
  if (!failures || failures.length === 0) return -1;
  let first = records.length;
  for (const { itemIdentifier } of failures) {
    const i = records.findIndex((r) => r.kinesis.sequenceNumber === itemIdentifier);
    if (i < 0) return 0;
    first = Math.min(first, i);
  }
  return first;
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
