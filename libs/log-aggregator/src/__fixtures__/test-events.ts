// Builders shared by this app's specs (not exported from index.ts).
import type { KinesisStreamRecord } from 'aws-lambda';
import { kinesisStreamRecord, type KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';

export const SHARD = 'shardId-000000000000';
export const WINDOW_START = '2015-05-17T10:06:00.000Z';
export const WINDOW_END = '2015-05-17T10:07:00.000Z';

let seq = 0;

/** A Kinesis record as Lambda delivers it; `data` is the raw payload before base64. */
export function kinesisRecord(data: string | Buffer, sequenceNumber?: string): KinesisStreamRecord {
  const sequence =
    sequenceNumber ??
    String(49590338271490256608559692538361571095921575989136588898n + BigInt(++seq));
  return kinesisStreamRecord({
    shardId: SHARD,
    streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/in',
    partitionKey: 'pk',
    sequenceNumber: sequence,
    data,
    arrivalMs: 1431857103_000,
  });
}

export function windowEvent(
  records: KinesisStreamRecord[],
  options: {
    state?: Record<string, unknown>;
    final?: boolean;
    early?: boolean;
    windowStart?: string;
    windowEnd?: string;
    shardId?: string;
  } = {},
): KinesisTumblingWindowEvent {
  return {
    Records: records,
    window: { start: options.windowStart ?? WINDOW_START, end: options.windowEnd ?? WINDOW_END },
    state: options.state ?? {},
    shardId: options.shardId ?? SHARD,
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/in',
    isFinalInvokeForWindow: options.final ?? false,
    isWindowTerminatedEarly: options.early ?? false,
  };
}

/** A combined-format line at the given ISO time. */
export function combinedLine(
  host: string,
  iso: string,
  status: number | '-' = 200,
  bytes: number | '-' = 512,
): string {
  const d = new Date(iso);
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(
    d.getUTCHours(),
  )}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `${host} - - [${time}] "GET /index.html HTTP/1.1" ${status} ${bytes} "-" "curl/8.0"`;
}

/** A Kinesis Agent LOGTOJSON object for the same request. */
export function agentJson(
  host: string,
  iso: string,
  status: number | null = 200,
  bytes: number | null = 512,
): string {
  const line = combinedLine(host, iso);
  const datetime = line.slice(line.indexOf('[') + 1, line.indexOf(']'));
  return JSON.stringify({
    host,
    ident: null,
    authuser: null,
    datetime,
    request: 'GET /index.html HTTP/1.1',
    response: status === null ? null : String(status),
    bytes: bytes === null ? null : String(bytes),
    referer: null,
    agent: 'curl/8.0',
  });
}
