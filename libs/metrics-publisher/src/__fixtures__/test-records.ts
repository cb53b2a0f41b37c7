import { kinesisStreamRecord } from '@fleetlog/aws-kit';
import type { PipelineAggregate, RequestsAggregate } from '@fleetlog/log-schema';
import type { KinesisStreamEvent } from 'aws-lambda';
import { BUCKET_SECONDS } from '@fleetlog/pipeline-config';

/** Builders for the publisher's specs (not exported from the app). */
export const WINDOW = '2026-11-24T10:05:00.000Z';
/** A clock just after WINDOW, so its points are neither too old nor in the future. */
export const NOW = Date.parse('2026-11-24T10:12:00.000Z');

/** The minute from `windowStart` (or WINDOW), unless the overrides name one. */
function bounds(overrides: { windowStart?: string; windowEnd?: string }) {
  const windowStart = overrides.windowStart ?? WINDOW;
  const windowEnd =
    overrides.windowEnd ?? new Date(Date.parse(windowStart) + BUCKET_SECONDS * 1000).toISOString();
  return { windowStart, windowEnd };
}

export function requests(overrides: Partial<RequestsAggregate> = {}): RequestsAggregate {
  return {
    schemaVersion: 1,
    kind: 'requests',
    ...bounds(overrides),
    applicationName: 'checkout',
    contact: 'team-checkout@example.com',
    requestCount: 10,
    bytes: 1000,
    statusCounts: { '200': 7, '404': 2, '503': 1 },
    topHosts: [{ host: '10.0.1.7', requestCount: 10 }],
    partial: { shardId: 'shardId-000000000000', flushId: 'f1' },
    ...overrides,
  };
}

export function pipeline(overrides: Partial<PipelineAggregate> = {}): PipelineAggregate {
  return {
    schemaVersion: 1,
    kind: 'pipeline',
    ...bounds(overrides),
    records: 100,
    malformedLines: 3,
    partial: { shardId: 'shardId-000000000000', flushId: 'f1' },
    ...overrides,
  };
}

/** A Kinesis event whose records carry `payloads` (objects are JSON-encoded, strings sent as is). */
export function kinesisEvent(payloads: readonly unknown[]): KinesisStreamEvent {
  return {
    Records: payloads.map((payload, i) =>
      kinesisStreamRecord({
        shardId: 'shardId-000000000000',
        streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/out',
        partitionKey: 'p',
        sequenceNumber: String(1000 + i),
        data: typeof payload === 'string' ? payload : JSON.stringify(payload),
        arrivalMs: NOW,
      }),
    ),
  };
}
