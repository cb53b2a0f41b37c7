import type { KinesisStreamRecord } from 'aws-lambda';

export interface KinesisRecordFields {
  shardId: string;
  /** ARN of the stream the record came from. */
  streamArn: string;
  partitionKey: string;
  sequenceNumber: string;
  /** The record's bytes; Lambda delivers them base64-encoded. */
  data: Uint8Array | string;
  /** Approximate arrival, ms since the epoch (Lambda gives seconds with a fraction). */
  arrivalMs: number;
  /** Role of the event source mapping; a placeholder where none exists. */
  invokeIdentityArn?: string;
}

/**
 * A Kinesis record shaped exactly as a Lambda event source mapping delivers it. The local poller,
 * the benchmarks and the specs all build events with it, so they cannot drift from one another.
 */
export function kinesisStreamRecord(fields: KinesisRecordFields): KinesisStreamRecord {
  const region = fields.streamArn.split(':')[3] ?? 'us-east-1';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: fields.partitionKey,
      sequenceNumber: fields.sequenceNumber,
      data: base64Of(fields.data),
      approximateArrivalTimestamp: fields.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${fields.shardId}:${fields.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn:
      fields.invokeIdentityArn ?? `arn:aws:iam::${fields.streamArn.split(':')[4]}:role/local`,
    awsRegion: region,
    eventSourceARN: fields.streamArn,
  };
}

/** Base64 of the bytes, viewing (not copying) a Uint8Array's memory. */
function base64Of(data: Uint8Array | string): string {
  if (typeof data === 'string') return Buffer.from(data).toString('base64');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
