import {
  PutMetricDataCommand,
  type MetricDatum,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { Logger } from '@aws-lambda-powertools/logger';
import { localDynamoClient, startLocalDynamo, useLocalDynamo } from '@fleetlog/local-aws';
import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { kinesisEvent, NOW, pipeline, requests } from './__fixtures__/test-records';
import { cloudWatch, cloudWatchMock } from './__fixtures__/cloudwatch';
import {
  createDynamoLedger,
  createPublisherHandler,
  DEADLINE_MARGIN_MS,
  duplicateKey,
  type PublishLedger,
  type PublishSummary,
} from './index';

// The publisher with its ledger on a real DynamoDB API (dynalite), CloudWatch mocked
// (ARCHITECTURE.md section 6c). Each "container" is a handler built afresh: no shared memory.
const local = useLocalDynamo();
let table = '';
let tables = 0;

/** Data points CloudWatch took: only calls that succeeded count. */
let counted: MetricDatum[] = [];
const accept = async (input: PutMetricDataCommandInput) => {
  counted.push(...(input.MetricData ?? []));
  return {};
};

beforeEach(async () => {
  cloudWatchMock.reset();
  counted = [];
  cloudWatchMock.on(PutMetricDataCommand).callsFake(accept);
  table = `ledger-${++tables}`;
  await local.createTable(table, PUBLISH_LEDGER.partitionKey);
});

/** A fresh container: its own handler, ledger and clock, on the shared table. */
function container(
  options: {
    now?: () => number;
    ledger?: (real: PublishLedger) => PublishLedger;
    sleep?: (ms: number) => Promise<void>;
  } = {},
) {
  const now = options.now ?? (() => NOW);
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const real = createDynamoLedger({ dynamo: local.dynamo, tableName: table, now });
  const summaries: PublishSummary[] = [];
  const handler = createPublisherHandler({
    cloudWatch,
    logger,
    now,
    ledger: options.ledger ? options.ledger(real) : real,
    retry: { sleep: options.sleep ?? (async () => undefined) },
    onSummary: (s) => summaries.push(s),
  });
  return { handler, logger, summaries };
}

/** Requests counted by CloudWatch, over every call so far. */
const requestCount = () =>
  counted
    .filter((d) => d.MetricName === 'RequestCount')
    .reduce((sum, d) => sum + (d.Value ?? 0), 0);

const batch = () =>
  kinesisEvent([
    requests({ applicationName: 'a' }),
    requests({ applicationName: 'b' }),
    pipeline(),
    requests({ applicationName: 'c' }),
  ]);
const context = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

describe('metrics publisher with its ledger', () => {
  it('publishes a batch delivered twice to the same container once', async () => {
    const { handler, summaries } = container();
    expect(await handler(batch())).toEqual({ batchItemFailures: [] });
    expect(await handler(batch())).toEqual({ batchItemFailures: [] });
    expect(requestCount()).toBe(30);
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)).toHaveLength(1);
    expect(summaries[1]).toMatchObject({ duplicates: 4, calls: 0 });
  });

  it('publishes a batch delivered again to a fresh container once', async () => {
    await container().handler(batch());
    const fresh = container({ now: () => NOW + 60_000 });
    expect(await fresh.handler(batch())).toEqual({ batchItemFailures: [] });
    expect(requestCount()).toBe(30);
    expect(fresh.summaries[0]).toMatchObject({ duplicates: 4, calls: 0, dataPoints: 0 });
  });

  it('publishes once when two containers race for the same batch, and Kinesis retries the rest', async () => {
    const event = batch();
    const [x, y] = [container(), container()];
    const responses = await Promise.all([x.handler(event), y.handler(event)]);
    // Each record was won by one container; the other reports it (or an earlier one) for retry.
    for (const response of responses) {
      const failed = response.batchItemFailures[0]?.itemIdentifier;
      if (failed === undefined) continue;
      const from = event.Records.findIndex((r) => r.kinesis.sequenceNumber === failed);
      await container().handler({ Records: event.Records.slice(from) });
    }
    expect(requestCount()).toBe(30);
  });

  it('holds a batch whose first container died before PutMetricData, then publishes it once', async () => {
    // Killed mid-call: the PutMetricData it started never reached CloudWatch.
    cloudWatchMock
      .on(PutMetricDataCommand)
      .callsFakeOnce(() => new Promise(() => undefined))
      .callsFake(accept);
    void container().handler(batch(), context(10_000));
    while (cloudWatchMock.commandCalls(PutMetricDataCommand).length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const early = container({ now: () => NOW + 5_000 });
    expect(await early.handler(batch())).toEqual({
      batchItemFailures: [{ itemIdentifier: '1000' }],
    });
    expect(early.summaries[0]).toMatchObject({ failure: 'busy', calls: 0 });
    const late = container({ now: () => NOW + 10_001 });
    expect(await late.handler(batch())).toEqual({ batchItemFailures: [] });
    expect(requestCount()).toBe(30);
  });

  it('counts twice, never loses, a call that succeeded just before its container died without the ledger write', async () => {
    // The one window of ARCHITECTURE.md section 6c (README "Counted once"): CloudWatch took the
    // data, the outcome write never happened (the commit hangs as a killed function would).
    const dying = container({
      ledger: (real) => ({
        claim: async (keys, lease) => ({
          ...(await real.claim(keys, lease)),
          commit: () => new Promise<void>(() => undefined),
        }),
      }),
    });
    void dying.handler(batch(), context(10_000));
    while (requestCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(requestCount()).toBe(30);
    // Within the dead container's deadline the records stay held: nothing is published.
    const early = container({ now: () => NOW + 9_000 });
    expect((await early.handler(batch())).batchItemFailures).toHaveLength(1);
    expect(requestCount()).toBe(30);
    // After it, the re-delivery is published again: counted twice rather than never.
    const late = container({ now: () => NOW + 10_001 });
    expect(await late.handler(batch())).toEqual({ batchItemFailures: [] });
    expect(requestCount()).toBe(60);
    // ...and only twice: the heir's outcome is written.
    await container({ now: () => NOW + 20_000 }).handler(batch());
    expect(requestCount()).toBe(60);
  });

  it('retries a throttled outcome write after PutMetricData, so a re-delivery is not counted again', async () => {
    let commits = 0;
    const throttledOnce = container({
      ledger: (real) => ({
        claim: async (keys, lease) => {
          const claim = await real.claim(keys, lease);
          return {
            ...claim,
            commit: async () => {
              if (++commits === 1) {
                throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
              }
              await claim.commit();
            },
          };
        },
      }),
    });
    expect(await throttledOnce.handler(batch(), context(10_000))).toEqual({
      batchItemFailures: [],
    });
    expect(commits).toBe(2);
    // A re-delivery to a fresh container long after the lease finds the records published.
    const late = container({ now: () => NOW + 60_000 });
    expect(await late.handler(batch())).toEqual({ batchItemFailures: [] });
    expect(late.summaries[0]).toMatchObject({ duplicates: 4, calls: 0 });
    expect(requestCount()).toBe(30);
  });

  it('releases its claims when PutMetricData fails, so the retry publishes at once', async () => {
    cloudWatchMock
      .on(PutMetricDataCommand)
      .rejectsOnce(new Error('socket hang up'))
      .callsFake(accept);
    const { handler, summaries } = container();
    expect(await handler(batch(), context(10_000))).toEqual({
      batchItemFailures: [{ itemIdentifier: '1000' }],
    });
    expect(summaries[0]).toMatchObject({ failure: 'cloudwatch' });
    expect(await container().handler(batch(), context(10_000))).toEqual({ batchItemFailures: [] });
    expect(requestCount()).toBe(30);
  });

  it('waits within its deadline for records another invocation holds, instead of spending the retries', async () => {
    const holder = createDynamoLedger({ dynamo: local.dynamo, tableName: table, now: () => NOW });
    const held = await holder.claim(
      [duplicateKey(requests({ applicationName: 'b' }))],
      NOW + 10_000,
    );
    const waits: number[] = [];
    // The holder publishes and records it while the second container waits.
    const second = container({
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) await held.commit();
      },
    });
    expect(await second.handler(batch(), context(10_000))).toEqual({ batchItemFailures: [] });
    expect(waits).toEqual([500, 500]);
    expect(requestCount()).toBe(20); // 'b' was the holder's to publish
    expect(second.summaries[0]).toMatchObject({ duplicates: 1 });
  });

  it('takes over, while waiting, the records of a holder whose lease ran out', async () => {
    const holder = createDynamoLedger({ dynamo: local.dynamo, tableName: table, now: () => NOW });
    await holder.claim([duplicateKey(requests({ applicationName: 'b' }))], NOW + 1_000);
    let clock = NOW;
    const second = container({ now: () => clock, sleep: async (ms) => void (clock += ms) });
    expect(await second.handler(batch(), context(10_000))).toEqual({ batchItemFailures: [] });
    expect(clock).toBe(NOW + 1_000); // two waits: the lease ends at NOW + 1,000
    expect(requestCount()).toBe(30);
  });

  it('reports records still held once waiting would cross its deadline', async () => {
    const holder = createDynamoLedger({ dynamo: local.dynamo, tableName: table, now: () => NOW });
    await holder.claim([duplicateKey(requests({ applicationName: 'b' }))], NOW + 10_000);
    const second = container();
    expect(await second.handler(batch(), context(DEADLINE_MARGIN_MS + 400))).toEqual({
      batchItemFailures: [{ itemIdentifier: '1001' }],
    });
    // The others are published and recorded: the retry from 'b' finds them published.
    expect(second.summaries[0]).toMatchObject({ failure: 'busy', dataPoints: 10 });
    expect(requestCount()).toBe(20);
  });

  describe('when the ledger is unavailable (fail-closed)', () => {
    const stopped = async () => {
      const gone = await startLocalDynamo();
      await gone.stop();
      return localDynamoClient(gone.endpoint);
    };
    it.each([
      [
        'its table does not exist',
        async () => local.dynamo,
        'no-such-table',
        'ResourceNotFoundException',
      ],
      ['it cannot be reached', stopped, 'ledger', 'Error'],
    ])(
      'publishes nothing and logs one clear line when %s',
      async (_, dynamo, tableName, errorName) => {
        const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
        const errors = jest.spyOn(logger, 'error');
        const handler = createPublisherHandler({
          cloudWatch,
          logger,
          now: () => NOW,
          ledger: createDynamoLedger({ dynamo: await dynamo(), tableName }),
        });
        expect(await handler(batch())).toEqual({ batchItemFailures: [{ itemIdentifier: '1000' }] });
        expect(cloudWatchMock.commandCalls(PutMetricDataCommand)).toHaveLength(0);
        expect(errors).toHaveBeenCalledTimes(1);
        expect(errors).toHaveBeenCalledWith(
          expect.stringMatching(
            /^publish ledger unavailable: nothing is published without its record/,
          ),
          expect.objectContaining({ sequenceNumber: '1000', errorName, error: expect.any(String) }),
        );
      },
    );
  });
});
