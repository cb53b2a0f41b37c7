import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { Logger } from '@aws-lambda-powertools/logger';
import { CLOUDWATCH_MAX_AGE_MS } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { createPublisherHandler, type PublisherDeps, type PublishSummary } from './index';
import { kinesisEvent, NOW, pipeline, requests, WINDOW } from './__fixtures__/test-records';
import { cloudWatch, cloudWatchMock } from './__fixtures__/cloudwatch';

function setup(overrides: Partial<PublisherDeps> = {}) {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const summaries: PublishSummary[] = [];
  const handler = createPublisherHandler({
    cloudWatch,
    logger,
    now: () => NOW,
    retry: { sleep: async () => undefined },
    onSummary: (s) => summaries.push(s),
    ...overrides,
  });
  return { handler, logger, summaries };
}

const calls = () => cloudWatchMock.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input);
const sentData = (): MetricDatum[] => calls().flatMap((input) => input.MetricData ?? []);
const valueOf = (data: MetricDatum[], metric: string, app?: string) =>
  data
    .filter(
      (d) =>
        d.MetricName === metric &&
        (app === undefined ? !d.Dimensions : d.Dimensions?.[0]?.Value === app),
    )
    .reduce((sum, d) => sum + (d.Value ?? 0), 0);

beforeEach(() => {
  cloudWatchMock.reset();
  cloudWatchMock.on(PutMetricDataCommand).resolves({});
});

describe('metrics publisher handler', () => {
  it('publishes a request aggregate and a pipeline aggregate as the ARCHITECTURE.md section 6 metrics', async () => {
    const { handler } = setup();
    const response = await handler(kinesisEvent([requests(), pipeline()]));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls()).toHaveLength(1);
    expect(calls()[0].Namespace).toBe('FleetLog');
    const ts = new Date(WINDOW);
    const dim = [{ Name: 'ApplicationName', Value: 'checkout' }];
    expect(sentData()).toEqual([
      { MetricName: 'RequestCount', Dimensions: dim, Timestamp: ts, Value: 10, Unit: 'Count' },
      { MetricName: 'Http4xxCount', Dimensions: dim, Timestamp: ts, Value: 2, Unit: 'Count' },
      { MetricName: 'Http5xxCount', Dimensions: dim, Timestamp: ts, Value: 1, Unit: 'Count' },
      { MetricName: 'BytesSent', Dimensions: dim, Timestamp: ts, Value: 1000, Unit: 'Bytes' },
      { MetricName: 'MalformedLines', Timestamp: ts, Value: 3, Unit: 'Count' },
      { MetricName: 'LogRecords', Timestamp: ts, Value: 100, Unit: 'Count' },
    ]);
  });

  it('uses the configured namespace', async () => {
    const { handler } = setup({ namespace: 'Custom/Logs' });
    await handler(kinesisEvent([pipeline()]));
    expect(calls()[0].Namespace).toBe('Custom/Logs');
  });

  it('sums partials of the same window and application from different shards and flushes', async () => {
    const { handler } = setup();
    await handler(
      kinesisEvent([
        requests({ partial: { shardId: 's0', flushId: 'a' } }),
        requests({
          partial: { shardId: 's1', flushId: 'b' },
          requestCount: 5,
          bytes: 50,
          statusCounts: { '500': 5 },
        }),
        requests({
          applicationName: 'UNKNOWN',
          contact: null,
          partial: { shardId: 's1', flushId: 'b' },
        }),
        requests({
          windowStart: '2026-11-24T10:00:00.000Z',
          windowEnd: WINDOW,
          partial: { shardId: 's1', flushId: 'b' },
        }),
        pipeline({ partial: { shardId: 's0', flushId: 'a' } }),
        pipeline({ partial: { shardId: 's1', flushId: 'b' }, records: 7, malformedLines: 0 }),
      ]),
    );
    const data = sentData();
    expect(data).toHaveLength(4 * 3 + 2);
    const at = (iso: string) => data.filter((d) => d.Timestamp?.toISOString() === iso);
    expect(valueOf(at(WINDOW), 'RequestCount', 'checkout')).toBe(15);
    expect(valueOf(at(WINDOW), 'Http5xxCount', 'checkout')).toBe(6);
    expect(valueOf(at(WINDOW), 'BytesSent', 'checkout')).toBe(1050);
    expect(valueOf(at(WINDOW), 'RequestCount', 'UNKNOWN')).toBe(10);
    expect(valueOf(at('2026-11-24T10:00:00.000Z'), 'RequestCount', 'checkout')).toBe(10);
    expect(valueOf(data, 'LogRecords')).toBe(107);
    expect(
      data.filter((d) => d.MetricName === 'RequestCount' && d.Dimensions?.[0].Value === 'checkout'),
    ).toHaveLength(2);
  });

  it('drops an exact duplicate but keeps the other records of the same flush', async () => {
    const { handler, summaries } = setup();
    await handler(
      kinesisEvent([
        requests(),
        requests(),
        requests({ applicationName: 'search' }),
        pipeline(),
        pipeline(),
      ]),
    );
    const data = sentData();
    expect(valueOf(data, 'RequestCount', 'checkout')).toBe(10);
    expect(valueOf(data, 'RequestCount', 'search')).toBe(10);
    expect(valueOf(data, 'LogRecords')).toBe(100);
    expect(summaries[0]).toMatchObject({ records: 5, duplicates: 2 });
  });

  it('remembers published records across invocations, so a re-emitted flush is not counted twice', async () => {
    const { handler } = setup();
    await handler(kinesisEvent([requests()]));
    await handler(
      kinesisEvent([requests(), requests({ partial: { shardId: 's0', flushId: 'f2' } })]),
    );
    expect(valueOf(sentData(), 'RequestCount', 'checkout')).toBe(20);
  });

  it('logs and skips invalid records without blocking the shard', async () => {
    const { handler, logger, summaries } = setup();
    const errors = jest.spyOn(logger, 'error');
    const response = await handler(
      kinesisEvent([
        'not json',
        { ...requests(), requestCount: 'many' },
        { kind: 'requests' },
        '',
        requests(),
      ]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(valueOf(sentData(), 'RequestCount', 'checkout')).toBe(10);
    expect(summaries[0]).toMatchObject({ records: 5, invalid: 4, dataPoints: 4 });
    expect(errors).toHaveBeenCalledWith(
      'invalid aggregate record skipped',
      expect.objectContaining({ sequenceNumber: '1000', error: expect.any(String) }),
    );
  });

  it('skips records whose application name CloudWatch would refuse as a dimension, instead of blocking the shard', async () => {
    const { handler, summaries, logger } = setup();
    const error = jest.spyOn(logger, 'error');
    const response = await handler(
      kinesisEvent([
        requests({ applicationName: 'café' }),
        requests({ applicationName: 'x'.repeat(1025) }),
        requests({ applicationName: '   ' }),
        requests({ applicationName: 'tab\there' }),
        requests({ applicationName: `ok ${'y'.repeat(1021)}` }), // 1,024 characters: accepted
        requests(),
      ]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(summaries[0]).toMatchObject({ invalid: 4, calls: 1, dataPoints: 8 });
    expect(new Set(sentData().map((d) => d.Dimensions?.[0]?.Value?.slice(0, 3)))).toEqual(
      new Set(['ok ', 'che']),
    );
    expect(error).toHaveBeenCalledWith(
      'invalid aggregate record skipped',
      expect.objectContaining({
        sequenceNumber: '1000',
        error: expect.stringMatching(/applicationName is not printable ASCII/),
      }),
    );
  });

  it('does not publish or retry points older than CloudWatch accepts, or beyond its future limit', async () => {
    const { handler, summaries, logger } = setup();
    const warn = jest.spyOn(logger, 'warn');
    const old = new Date(NOW - CLOUDWATCH_MAX_AGE_MS - 300_000).toISOString();
    const future = new Date(NOW + 3 * 3600_000).toISOString();
    const response = await handler(
      kinesisEvent([requests({ windowStart: old }), pipeline({ windowStart: future }), requests()]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(sentData().map((d) => d.Timestamp?.toISOString())).toEqual([
      WINDOW,
      WINDOW,
      WINDOW,
      WINDOW,
    ]);
    expect(summaries[0]).toMatchObject({ tooOld: 1, tooNew: 1 });
    expect(warn).toHaveBeenCalledWith(expect.any(String), { tooOld: 1, tooNew: 1 });
  });

  it('publishes a batch of 200 request partials (800 points) in one call', async () => {
    const { handler } = setup();
    const batch = Array.from({ length: 200 }, (_, i) => requests({ applicationName: `app-${i}` }));
    await handler(kinesisEvent(batch));
    expect(calls()).toHaveLength(1);
    expect(calls()[0].MetricData).toHaveLength(800);
  });

  it('splits at 1,000 data points per call and stays within one call per 1,000 points', async () => {
    const { handler, summaries } = setup();
    const batch = Array.from({ length: 600 }, (_, i) => requests({ applicationName: `app-${i}` }));
    await handler(kinesisEvent(batch));
    const sizes = calls().map((c) => c.MetricData?.length ?? 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2400);
    expect(calls()).toHaveLength(Math.ceil(2400 / 1000));
    expect(summaries[0]).toMatchObject({ calls: 3, dataPoints: 2400 });
  });

  it('splits calls to stay under the 1 MB request limit when names are long', async () => {
    const { handler } = setup();
    const longName = (i: number) => `${'x'.repeat(1000)}-${i}`;
    const batch = Array.from({ length: 200 }, (_, i) => requests({ applicationName: longName(i) }));
    await handler(kinesisEvent(batch));
    expect(calls().length).toBeGreaterThan(1);
    for (const input of calls()) expect(JSON.stringify(input).length).toBeLessThan(1_000_000);
    expect(sentData()).toHaveLength(800);
  });

  it('retries throttling with backoff and then succeeds', async () => {
    const sleeps: number[] = [];
    const { handler } = setup({
      retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    });
    cloudWatchMock
      .on(PutMetricDataCommand)
      .rejectsOnce(awsError('Throttling', { status: 400, message: 'Rate exceeded' }))
      .rejectsOnce(awsError('InternalServiceFault', { status: 500, message: 'Internal' }))
      .resolves({});
    const response = await handler(kinesisEvent([requests()]));
    expect(response.batchItemFailures).toEqual([]);
    expect(calls()).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('reports the first unpublished record when a call keeps failing, after publishing the records before it', async () => {
    const { handler, summaries } = setup({
      limits: { maxDatums: 8 },
      retry: { attempts: 3, sleep: async () => undefined },
    });
    let n = 0;
    cloudWatchMock.on(PutMetricDataCommand).callsFake(async () => {
      n++;
      if (n > 1) throw awsError('Throttling', { status: 400, message: 'Throttled' });
      return {};
    });
    // Two request partials fill a chunk of 8 points; the 3rd record starts the next chunk.
    const event = kinesisEvent([
      requests({ applicationName: 'a' }),
      requests({ applicationName: 'b' }),
      requests({ applicationName: 'c' }),
      requests({ applicationName: 'd' }),
      requests({ applicationName: 'e' }),
    ]);
    const response = await handler(event);
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[2].kinesis.sequenceNumber },
    ]);
    // One good call, three failed attempts on the second chunk, and no attempt at the third.
    expect(calls()).toHaveLength(4);
    expect(summaries[0]).toMatchObject({ dataPoints: 8, failedAt: '1002' });
    const firstCallApps = new Set(calls()[0].MetricData?.map((d) => d.Dimensions?.[0].Value));
    expect([...firstCallApps]).toEqual(['a', 'b']);
  });

  it('does not retry a request CloudWatch rejects as invalid, but still reports it for Kinesis', async () => {
    const { handler } = setup();
    cloudWatchMock
      .on(PutMetricDataCommand)
      .rejects(awsError('InvalidParameterValueException', { status: 400, message: 'bad' }));
    const event = kinesisEvent(['junk', requests()]);
    const response = await handler(event);
    expect(calls()).toHaveLength(1);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '1001' }]);
  });

  it('does not treat records of a failed call as duplicates when Kinesis delivers them again', async () => {
    const { handler } = setup({ retry: { attempts: 1 } });
    cloudWatchMock
      .on(PutMetricDataCommand)
      .rejectsOnce(awsError('Throttling', { status: 400, message: 'x' }))
      .resolves({});
    const first = await handler(kinesisEvent([requests()]));
    expect(first.batchItemFailures).toHaveLength(1);
    const second = await handler(kinesisEvent([requests()]));
    expect(second.batchItemFailures).toEqual([]);
    expect(calls()).toHaveLength(2);
    expect(calls()[1].MetricData).toHaveLength(4);
  });

  it('makes no call for an empty or all-invalid batch', async () => {
    const { handler } = setup();
    expect(await handler({ Records: [] })).toEqual({ batchItemFailures: [] });
    expect(await handler(kinesisEvent(['{"schemaVersion":2}']))).toEqual({ batchItemFailures: [] });
    expect(calls()).toHaveLength(0);
  });
});
