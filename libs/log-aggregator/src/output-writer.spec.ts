import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { startLocalKinesis, type LocalKinesis } from '@fleetlog/local-aws';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { chunkEntries, PIPELINE_PARTITION_KEY, putAggregateRecords } from './output-writer';

const partial = { shardId: 'shardId-000000000000', flushId: 'abc' };
const noSleep = { attempts: 3, baseDelayMs: 1, sleep: async () => undefined };

function requests(app: string): AggregateRecord {
  return {
    schemaVersion: 1,
    kind: 'requests',
    windowStart: '2015-05-17T10:05:00.000Z',
    windowEnd: '2015-05-17T10:10:00.000Z',
    applicationName: app,
    contact: null,
    requestCount: 1,
    bytes: 0,
    statusCounts: {},
    topHosts: [],
    partial,
  };
}

describe('chunkEntries', () => {
  it('never puts more than 500 entries in one call', () => {
    const entries = Array.from({ length: 1201 }, () => ({
      Data: Buffer.alloc(10),
      PartitionKey: 'k',
    }));
    expect(chunkEntries(entries).map((c) => c.length)).toEqual([500, 500, 201]);
  });

  it('never puts more than 5 MB in one call', () => {
    const entries = Array.from({ length: 12 }, () => ({
      Data: Buffer.alloc(1024 * 1024 - 1),
      PartitionKey: 'k',
    }));
    expect(chunkEntries(entries).map((c) => c.length)).toEqual([5, 5, 2]);
  });
});

describe('putAggregateRecords on kinesalite', () => {
  let local: LocalKinesis;
  let kinesis: KinesisClient;

  beforeAll(async () => {
    local = await startLocalKinesis({ out: 1 });
    kinesis = local.kinesis;
  });
  afterAll(() => local.stop());

  it('writes every record as JSON with the application name as partition key', async () => {
    const records: AggregateRecord[] = [
      ...Array.from({ length: 620 }, (_, i) => requests(`app-${i}`)),
      {
        schemaVersion: 1,
        kind: 'pipeline',
        windowStart: 'a',
        windowEnd: 'b',
        records: 3,
        malformedLines: 1,
        partial,
      },
    ];
    const { calls } = await putAggregateRecords(kinesis, 'out', records, noSleep);
    expect(calls).toBe(2);

    const shards = await kinesis.send(new ListShardsCommand({ StreamName: 'out' }));
    const it = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'out',
        ShardId: shards.Shards?.[0]?.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const got = await kinesis.send(
      new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 1000 }),
    );
    const read = (got.Records ?? []).map((r) => ({
      key: r.PartitionKey,
      value: JSON.parse(Buffer.from(r.Data as Uint8Array).toString('utf8')) as AggregateRecord,
    }));
    expect(read).toHaveLength(621);
    expect(read[0]).toEqual({ key: 'app-0', value: records[0] });
    expect(read[620]).toEqual({ key: PIPELINE_PARTITION_KEY, value: records[620] });
  });
});

describe('putAggregateRecords with failures', () => {
  // One mocked instance: mocking the class would leak into the kinesalite tests.
  const mocked = new KinesisClient({ region: 'us-east-1' });
  const kinesisMock = mockClient(mocked);
  afterEach(() => kinesisMock.reset());

  it('resends only the failed entries, with backoff, until they succeed', async () => {
    const waits: number[] = [];
    kinesisMock
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 2,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolvesOnce({
        FailedRecordCount: 0,
        Records: [{ SequenceNumber: '2' }, { SequenceNumber: '3' }],
      });
    await putAggregateRecords(mocked, 'out', [requests('a'), requests('b'), requests('c')], {
      ...noSleep,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const calls = kinesisMock.commandCalls(PutRecordsCommand);
    expect(calls).toHaveLength(2);
    expect(
      calls[1].args[0].input.Records?.map((r: { PartitionKey?: string }) => r.PartitionKey),
    ).toEqual(['b', 'c']);
    expect(waits).toHaveLength(1);
  });

  it('throws when entries still fail after the last attempt', async () => {
    kinesisMock.on(PutRecordsCommand).resolves({
      FailedRecordCount: 1,
      Records: [{ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' }],
    });
    await expect(putAggregateRecords(mocked, 'out', [requests('a')], noSleep)).rejects.toThrow(
      /1 entries still failing after 3 attempts \(ProvisionedThroughputExceededException\)/,
    );
    expect(kinesisMock.commandCalls(PutRecordsCommand)).toHaveLength(3);
  });

  it('retries a throttled call and rethrows a permanent error at once', async () => {
    const throttled = awsError('ProvisionedThroughputExceededException', {
      status: 400,
      message: 'rate',
    });
    kinesisMock
      .on(PutRecordsCommand)
      .rejectsOnce(throttled)
      .resolves({ FailedRecordCount: 0, Records: [{}] });
    await putAggregateRecords(mocked, 'out', [requests('a')], noSleep);
    expect(kinesisMock.commandCalls(PutRecordsCommand)).toHaveLength(2);

    kinesisMock.reset();
    const missing = awsError('ResourceNotFoundException', { status: 400, message: 'no stream' });
    kinesisMock.on(PutRecordsCommand).rejects(missing);
    await expect(putAggregateRecords(mocked, 'out', [requests('a')], noSleep)).rejects.toThrow(
      'no stream',
    );
    expect(kinesisMock.commandCalls(PutRecordsCommand)).toHaveLength(1);
  });
});
