import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { kinesisStreamRecord } from '@fleetlog/aws-kit';
import { createPublisherHandler } from '@fleetlog/metrics-publisher';
import { BUCKET_SECONDS, PIPELINE_FUNCTIONS } from '@fleetlog/pipeline-config';
import type { PublishSummary } from '@fleetlog/metrics-publisher';
import { FakeAwsClient } from '@fleetlog/testing';
import type { KinesisStreamEvent } from 'aws-lambda';
import { exact, figure } from '../results';
import type { SuiteContext } from '../suite';
import { silentLogger } from './fakes';
import { publisherLedgerFigures } from './publisher-ledger';

const BUCKET_MS = BUCKET_SECONDS * 1000;
export const FIRST_WINDOW_MS = Date.parse('2026-11-24T10:00:00Z');
const SHARD = 'shardId-000000000000';
/** The publisher's event source batch size, as deployed. */
export const DEPLOYED_BATCH_SIZE = PIPELINE_FUNCTIONS.publisher.batchSize;

/**
 * `count` distinct aggregates (nothing to sum): requests records for 99 applications over
 * consecutive windows, and one pipeline record per window.
 */
export function sampleAggregates(count: number): object[] {
  const out: object[] = [];
  for (let i = 0; out.length < count; i++) {
    const window = Math.floor(i / 100);
    const start = new Date(FIRST_WINDOW_MS + window * BUCKET_MS).toISOString();
    const end = new Date(FIRST_WINDOW_MS + (window + 1) * BUCKET_MS).toISOString();
    const partial = { shardId: SHARD, flushId: `bench-${window}` };
    if (i % 100 === 99) {
      out.push({
        schemaVersion: 1,
        kind: 'pipeline',
        windowStart: start,
        windowEnd: end,
        records: 5000,
        malformedLines: 2,
        partial,
      });
      continue;
    }
    const app = i % 100;
    out.push({
      schemaVersion: 1,
      kind: 'requests',
      windowStart: start,
      windowEnd: end,
      applicationName: app === 98 ? 'UNKNOWN' : `app-${app}`,
      contact: app === 98 ? null : `team-${app}@example.com`,
      requestCount: 100 + app,
      bytes: 51_200 + app,
      statusCounts: { '200': 90, '404': 8 + (app % 3), '503': 2 },
      topHosts: [{ host: `10.0.${app}.7`, requestCount: 50 }],
      partial,
    });
  }
  return out;
}

export function eventOf(aggregates: readonly object[], firstSeq: number): KinesisStreamEvent {
  return {
    Records: aggregates.map((a, i) =>
      kinesisStreamRecord({
        shardId: SHARD,
        streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/bench-out',
        partitionKey: 'p',
        sequenceNumber: String(firstSeq + i),
        data: JSON.stringify(a),
        arrivalMs: FIRST_WINDOW_MS,
      }),
    ),
  };
}

export interface PublisherCounts {
  calls: number;
  requestBytes: number;
  dataPoints: number;
  /** The fewest calls possible: per invocation, one per started 1,000 data points. */
  minimumCalls: number;
}

/** Publishes `aggregates` in events of `batchSize` records and counts the CloudWatch calls. */
export async function countPublisherCalls(
  aggregates: readonly object[],
  batchSize: number,
): Promise<PublisherCounts> {
  const cloudWatch = new FakeAwsClient(() => ({}));
  let dataPoints = 0;
  let minimumCalls = 0;
  const handler = createPublisherHandler({
    cloudWatch: cloudWatch as unknown as CloudWatchClient,
    logger: silentLogger(),
    // Just after the last window closed: every point is within CloudWatch's age limits.
    now: () => FIRST_WINDOW_MS + (Math.ceil(aggregates.length / 100) + 1) * BUCKET_MS,
    onSummary: (s: PublishSummary) => {
      dataPoints += s.dataPoints;
      minimumCalls += Math.ceil(s.dataPoints / 1000);
    },
  });
  for (let first = 0; first < aggregates.length; first += batchSize) {
    const response = await handler(eventOf(aggregates.slice(first, first + batchSize), first + 1));
    if (response.batchItemFailures.length > 0)
      throw new Error('publisher reported batch item failures');
  }
  return {
    calls: cloudWatch.total,
    requestBytes: cloudWatch.requestBytes,
    dataPoints,
    minimumCalls,
  };
}

/** PutMetricData calls and request bytes per 1,000 aggregates, in one event and at batch size 200. */
export async function publisherSuite(ctx: SuiteContext): Promise<void> {
  const n = ctx.sizes.publisherAggregates;
  const aggregates = sampleAggregates(n);
  const per1000 = (x: number) => (x * 1000) / n;
  const whole = await countPublisherCalls(aggregates, n);
  const batched = await countPublisherCalls(aggregates, DEPLOYED_BATCH_SIZE);
  ctx.report(
    figure(
      'publisher',
      'publisher.callsPer1000Aggregates',
      `PutMetricData calls per 1,000 aggregates, one event`,
      'calls',
      exact(per1000(whole.calls)),
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.batched.callsPer1000Aggregates',
      `PutMetricData calls per 1,000 aggregates, events of ${DEPLOYED_BATCH_SIZE}`,
      'calls',
      exact(per1000(batched.calls)),
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.dataPointsPer1000Aggregates',
      'metric data points per 1,000 aggregates',
      'points',
      exact(per1000(whole.dataPoints)),
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.callsPer1000DataPoints',
      'PutMetricData calls per started 1,000 data points, one event',
      'calls',
      exact(whole.calls / Math.max(1, whole.minimumCalls)),
      `${whole.dataPoints} points in ${whole.calls} calls`,
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.batched.callsPer1000DataPoints',
      `PutMetricData calls per started 1,000 data points, events of ${DEPLOYED_BATCH_SIZE}`,
      'calls',
      exact(batched.calls / Math.max(1, batched.minimumCalls)),
      `${batched.dataPoints} points in ${batched.calls} calls`,
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.requestKbPer1000Aggregates',
      'PutMetricData request JSON per 1,000 aggregates',
      'KB',
      exact(per1000(whole.requestBytes) / 1024),
    ),
  );
  await publisherLedgerFigures(ctx);
}
