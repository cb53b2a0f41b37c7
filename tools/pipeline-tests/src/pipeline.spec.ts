import {
  CloudWatchClient,
  PutMetricDataCommand,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { Logger } from '@aws-lambda-powertools/logger';
import { KinesisBatchPoller, KinesisWindowPoller, type PollerFailure } from '@fleetlog/local-aws';
// Tools drive the real handlers; see the final report for the root `allow` entry that makes
// these two directives unnecessary.
import type { AggregatorState, EmptyState } from '@fleetlog/log-aggregator';
import { createPublisherHandler } from '@fleetlog/metrics-publisher';
import { bucketStartMs, metricAlarms, UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import type { HostRow } from '@fleetlog/reference-data';
import { mockClient } from 'aws-sdk-client-mock';
import { lines } from './log-lines';
import {
  INPUT_STREAM,
  OUTPUT_STREAM,
  startLocalPipelineEnv,
  type LocalPipelineEnv,
} from './local-pipeline-env';

const silent = () => new Logger({ serviceName: 'pipeline-test', logLevel: 'SILENT' });

const REFERENCE_V1: HostRow[] = [
  { host: '10.0.0.1', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '2001:db8::1', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '10.0.0.2', applicationName: 'search', contact: null },
];
const NEW_HOST = '10.0.0.9';

describe('pipeline on local Kinesis and S3: aggregator → output stream → metrics publisher', () => {
  const cloudWatchMock = mockClient(CloudWatchClient);
  let env: LocalPipelineEnv;
  let clock = Date.now();
  const failures: PollerFailure[] = [];
  let aggregatorPoller: KinesisWindowPoller<AggregatorState | EmptyState>;
  let publisherPoller: KinesisBatchPoller;
  // Event times an hour back, so CloudWatch would take them; B1 is the minute after B0.
  const B0 = bucketStartMs(Date.now()) - 3_600_000;
  const B1 = B0 + 60_000;

  beforeAll(async () => {
    cloudWatchMock.on(PutMetricDataCommand).resolves({});
    env = await startLocalPipelineEnv({ inputShards: 4, outputShards: 2, reference: REFERENCE_V1 });
    const aggregator = env.aggregator({ refreshSeconds: 30, logger: silent(), now: () => clock });
    const publisher = createPublisherHandler({
      cloudWatch: new CloudWatchClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
      logger: silent(),
    });
    const onFailure = (f: PollerFailure) => void failures.push(f);
    aggregatorPoller = new KinesisWindowPoller(
      { kinesis: env.kinesis, streamName: INPUT_STREAM, batchSize: 50, onFailure },
      aggregator,
    );
    publisherPoller = new KinesisBatchPoller(
      { kinesis: env.kinesis, streamName: OUTPUT_STREAM, batchSize: 200, onFailure },
      publisher,
    );

    // Phase 1: known, IPv6, unknown and not-yet-mapped hosts, and junk, spread over the shards.
    await env.putLines(
      [
        ...lines(2, { host: '10.0.0.1', epochMs: B0, status: 200, bytes: 100 }),
        ...lines(1, { host: '10.0.0.1', epochMs: B0 + 10_000, status: 404, bytes: 100 }),
        ...lines(1, { host: '10.0.0.1', epochMs: B0 + 20_000, status: 500, bytes: 100 }),
        ...lines(1, { host: '10.0.0.1', epochMs: B0 + 30_000, status: 503, bytes: 100 }),
        ...lines(3, { host: '10.0.0.1', epochMs: B1, status: 200, bytes: 10 }),
        ...lines(2, { host: '2001:db8:0:0::1', epochMs: B1, status: 301, bytes: 0 }),
        ...lines(4, { host: '10.0.0.2', epochMs: B0, status: 200, bytes: 50 }),
        ...lines(120, { host: '192.0.2.9', epochMs: B1, status: 403, bytes: 7 }),
        ...lines(2, { host: NEW_HOST, epochMs: B1, status: 200, bytes: 1 }),
        'this is not a log line',
        '\u0016\u0003\u0001 TLS bytes',
        '10.0.0.1 - - [99/Nope/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
      ],
      { linesPerRecord: 3, partitionKey: (i) => `pk-${i % 7}` },
    );
    await aggregatorPoller.drain();
    await publisherPoller.drain();

    // The new host gets its row; the aggregator sees it once its refresh interval has passed.
    await env.writeReference([
      ...REFERENCE_V1,
      { host: NEW_HOST, applicationName: 'billing', contact: 'billing@example.com' },
    ]);
    clock += 31_000;

    // Phase 2: late records for the old bucket B0, and the newly mapped host.
    await env.putLines(
      [
        ...lines(2, { host: '10.0.0.1', epochMs: B0 + 40_000, status: 200, bytes: 1 }),
        ...lines(4, { host: NEW_HOST, epochMs: B1 + 5_000, status: 200, bytes: 1 }),
      ],
      { linesPerRecord: 1 },
    );
    await aggregatorPoller.drain();
    await publisherPoller.drain();
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
    cloudWatchMock.restore();
  });

  const data = (): MetricDatum[] =>
    cloudWatchMock
      .commandCalls(PutMetricDataCommand)
      .flatMap((c) => c.args[0].input.MetricData ?? []);
  const sum = (metric: string, app: string | null, at?: number) =>
    data()
      .filter(
        (d) =>
          d.MetricName === metric &&
          (app === null ? d.Dimensions === undefined : d.Dimensions?.[0]?.Value === app) &&
          (at === undefined || d.Timestamp?.getTime() === at),
      )
      .reduce((n, d) => n + (d.Value ?? 0), 0);

  it('loses nothing on the way: no failed batches', () => {
    expect(failures).toEqual([]);
    expect(aggregatorPoller.stats.records).toBeGreaterThan(0);
    expect(publisherPoller.stats.records).toBeGreaterThan(0);
  });

  it('counts requests per event-time bucket and application, late records in their own bucket', () => {
    expect(sum('RequestCount', 'checkout', B0)).toBe(5 + 2);
    expect(sum('BytesSent', 'checkout', B0)).toBe(500 + 2);
    expect(sum('Http4xxCount', 'checkout', B0)).toBe(1);
    expect(sum('Http5xxCount', 'checkout', B0)).toBe(2);
    // 3 from 10.0.0.1 and 2 from the IPv6 host written in a non-canonical form.
    expect(sum('RequestCount', 'checkout', B1)).toBe(5);
    expect(sum('RequestCount', 'search', B0)).toBe(4);
    expect(sum('BytesSent', 'search', B0)).toBe(200);
  });

  it('names unknown sources UNKNOWN, enough to fire the alarm', () => {
    expect(sum('RequestCount', UNKNOWN_APPLICATION, B1)).toBe(120 + 2);
    expect(sum('Http4xxCount', UNKNOWN_APPLICATION, B1)).toBe(120);
    const alarm = metricAlarms().find((a) => a.id === 'UnknownSourceRequests');
    expect(sum('RequestCount', UNKNOWN_APPLICATION, B1)).toBeGreaterThan(
      alarm?.threshold ?? Infinity,
    );
  });

  it('attributes a new host to its application after the reference CSV changes', () => {
    expect(sum('RequestCount', 'billing', B1)).toBe(4);
    expect(sum('RequestCount', 'billing')).toBe(4);
  });

  it('counts malformed lines and all log records', () => {
    expect(sum('MalformedLines', null)).toBe(3);
    expect(sum('LogRecords', null)).toBe(5 + 3 + 2 + 4 + 120 + 2 + 3 + 2 + 4);
  });

  it('publishes per-shard partials that CloudWatch sums', async () => {
    const output = await env.readOutput();
    const shards = new Set(output.map((r) => r.partial.shardId));
    expect(shards.size).toBeGreaterThan(1);
    const checkoutB0 = data().filter(
      (d) =>
        d.MetricName === 'RequestCount' &&
        d.Dimensions?.[0]?.Value === 'checkout' &&
        d.Timestamp?.getTime() === B0,
    );
    // Phase 1 and the late phase 2 records were published separately.
    expect(checkoutB0.length).toBeGreaterThan(1);
    // Batches of at most 200 records fit one PutMetricData call each.
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand).length).toBeLessThanOrEqual(
      publisherPoller.stats.invocations,
    );
  });
});
