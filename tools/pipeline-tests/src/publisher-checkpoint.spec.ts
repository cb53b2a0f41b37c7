import {
  CloudWatchClient,
  PutMetricDataCommand,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  KinesisBatchPoller,
  startLocalKinesis,
  type LocalKinesis,
  type PollerFailure,
} from '@fleetlog/local-aws';
import type { RequestsAggregate } from '@fleetlog/log-schema';
import { createPublisherHandler } from '@fleetlog/metrics-publisher';
import { bucketStartMs } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';

const STREAM = 'output';
const APPS = 7;
const RECORDS = 450;

describe('metrics publisher behind the poller: CloudWatch failures are retried from the checkpoint', () => {
  const cloudWatchMock = mockClient(CloudWatchClient);
  let local: LocalKinesis | undefined;
  let kinesis: KinesisClient;
  const windowStart = new Date(bucketStartMs(Date.now()) - 600_000).toISOString();

  beforeAll(async () => {
    local = await startLocalKinesis({ [STREAM]: 1 });
    kinesis = local.kinesis;
    // 450 partials, each from its own flush: 7 applications, request counts 1..450.
    const records = Array.from({ length: RECORDS }, (_, i): RequestsAggregate => ({
      schemaVersion: 1,
      kind: 'requests',
      windowStart,
      windowEnd: new Date(Date.parse(windowStart) + 300_000).toISOString(),
      applicationName: `app-${i % APPS}`,
      contact: null,
      requestCount: i + 1,
      bytes: 10,
      statusCounts: { '200': i + 1 },
      topHosts: [],
      partial: { shardId: 'shardId-000000000000', flushId: `flush-${i}` },
    }));
    for (let i = 0; i < records.length; i += 500) {
      await kinesis.send(
        new PutRecordsCommand({
          StreamName: STREAM,
          Records: records.slice(i, i + 500).map((r) => ({
            PartitionKey: r.applicationName,
            Data: Buffer.from(JSON.stringify(r)),
          })),
        }),
      );
    }
  });

  afterAll(async () => {
    await local?.stop();
    cloudWatchMock.restore();
  });

  it('publishes every partial exactly once although calls fail in the middle of batches', async () => {
    let call = 0;
    cloudWatchMock.on(PutMetricDataCommand).callsFake(async () => {
      call++;
      // Every third call is throttled past the publisher's own retries.
      if (call % 3 === 0) throw awsError('Throttling', { status: 400, message: 'Rate exceeded' });
      return {};
    });
    const failures: PollerFailure[] = [];
    const poller = new KinesisBatchPoller(
      {
        kinesis,
        streamName: STREAM,
        batchSize: 200,
        maxRetries: 5,
        onFailure: (f) => void failures.push(f),
      },
      createPublisherHandler({
        cloudWatch: new CloudWatchClient({
          region: 'us-east-1',
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        }),
        logger: new Logger({ serviceName: 'checkpoint-test', logLevel: 'SILENT' }),
        retry: { attempts: 1 },
        // 40 points per call: several calls per batch, so failures land mid-batch.
        limits: { maxDatums: 40 },
      }),
    );
    await poller.drain();

    expect(failures).toEqual([]);
    const sent: MetricDatum[] = cloudWatchMock
      .commandCalls(PutMetricDataCommand)
      .filter((_, i) => (i + 1) % 3 !== 0)
      .flatMap((c) => c.args[0].input.MetricData ?? []);
    const total = (metric: string) =>
      sent.filter((d) => d.MetricName === metric).reduce((n, d) => n + (d.Value ?? 0), 0);
    expect(total('RequestCount')).toBe((RECORDS * (RECORDS + 1)) / 2);
    expect(total('BytesSent')).toBe(RECORDS * 10);
    for (let a = 0; a < APPS; a++) {
      const expected = Array.from({ length: RECORDS }, (_, i) => i)
        .filter((i) => i % APPS === a)
        .reduce((n, i) => n + i + 1, 0);
      const got = sent
        .filter((d) => d.MetricName === 'RequestCount' && d.Dimensions?.[0]?.Value === `app-${a}`)
        .reduce((n, d) => n + (d.Value ?? 0), 0);
      expect(got).toBe(expected);
    }
    expect(call).toBeGreaterThan(3);
  });
});
