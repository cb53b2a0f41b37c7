import { PutMetricDataCommand, type PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { Logger } from '@aws-lambda-powertools/logger';
import { useLocalDynamo } from '@fleetlog/local-aws';
import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { kinesisEvent, NOW, requests } from './__fixtures__/test-records';
import { cloudWatch, cloudWatchMock } from './__fixtures__/cloudwatch';
import {
  createDynamoLedger,
  createPublisherHandler,
  DEADLINE_MARGIN_MS,
  type PublisherDeps,
  type PublishSummary,
} from './index';

// The function's deadline (ARCHITECTURE.md section 6c): the remaining time is scripted, each
// PutMetricData call "takes" `callMs` of it, so no test depends on a real clock.
const local = useLocalDynamo({ ledger: PUBLISH_LEDGER.partitionKey });

let remaining = 0;
const context = { getRemainingTimeInMillis: () => remaining };
const published: string[] = [];

function setup(callMs: number, overrides: Partial<PublisherDeps> = {}) {
  cloudWatchMock.on(PutMetricDataCommand).callsFake(async (input: PutMetricDataCommandInput) => {
    remaining -= callMs;
    for (const d of input.MetricData ?? []) {
      if (d.MetricName === 'RequestCount') published.push(d.Dimensions?.[0]?.Value ?? '');
    }
    return {};
  });
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const summaries: PublishSummary[] = [];
  const handler = createPublisherHandler({
    cloudWatch,
    logger,
    now: () => NOW,
    limits: { maxDatums: 8 }, // two request partials per PutMetricData call
    retry: { sleep: async () => undefined, random: () => 0.5 },
    onSummary: (s) => summaries.push(s),
    ...overrides,
  });
  return { handler, logger, summaries };
}

// Five records in three calls: [a, b], [c, d], [e].
const event = kinesisEvent(
  ['a', 'b', 'c', 'd', 'e'].map((app) => requests({ applicationName: app })),
);

beforeEach(() => {
  cloudWatchMock.reset();
  published.length = 0;
});

describe('metrics publisher deadline', () => {
  it('starts no call within the margin and reports the rest as batch item failures', async () => {
    remaining = DEADLINE_MARGIN_MS + 4_500;
    const { handler, logger, summaries } = setup(4_000);
    const warn = jest.spyOn(logger, 'warn');
    // 7.5 s left: first call; 3.5 s left: second call; -0.5 s: the third is not started.
    expect(await handler(event, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: '1004' }],
    });
    expect(published).toEqual(['a', 'b', 'c', 'd']);
    expect(summaries[0]).toMatchObject({ calls: 2, failure: 'deadline', failedAt: '1004' });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^deadline near: no new work started/),
      expect.objectContaining({ sequenceNumber: '1004' }),
    );
  });

  it('starts nothing when the invocation begins inside the margin', async () => {
    remaining = DEADLINE_MARGIN_MS;
    const { handler } = setup(0);
    expect(await handler(event, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: '1000' }],
    });
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  it('stops retrying a throttled call when waiting would cross the margin', async () => {
    remaining = DEADLINE_MARGIN_MS + 150;
    const { handler, summaries } = setup(0, {
      retry: { attempts: 5, baseDelayMs: 200, sleep: async () => undefined, random: () => 0.5 },
    });
    cloudWatchMock
      .on(PutMetricDataCommand)
      .rejects(awsError('Throttling', { status: 400, message: 'Rate exceeded' }));
    // The first backoff (100 ms) fits, the second (200 ms) would cross into the margin.
    expect(await handler(event, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: '1000' }],
    });
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)).toHaveLength(2);
    expect(summaries[0]).toMatchObject({ failure: 'cloudwatch', calls: 2 });
  });

  it('claims nothing it does not start, so the retry in a fresh container publishes at once', async () => {
    const ledger = () => createDynamoLedger({ dynamo: local.dynamo, tableName: 'ledger' });
    remaining = DEADLINE_MARGIN_MS + 4_500;
    const first = setup(4_000, { ledger: ledger() });
    expect((await first.handler(event, context)).batchItemFailures).toEqual([
      { itemIdentifier: '1004' },
    ]);
    remaining = 10_000;
    const fresh = setup(0, { ledger: ledger() });
    expect(await fresh.handler({ Records: event.Records.slice(4) }, context)).toEqual({
      batchItemFailures: [],
    });
    expect(published).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('has no deadline without a Lambda context (local runs)', async () => {
    remaining = 0;
    const { handler } = setup(4_000);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(published).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
