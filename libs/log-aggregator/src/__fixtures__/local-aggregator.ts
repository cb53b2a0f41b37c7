// The aggregator handler on kinesalite and s3rver, shared by the aggregator specs (not exported
// from index.ts).
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  startLocalBucket,
  startLocalKinesis,
  type LocalBucket,
  type LocalKinesis,
} from '@fleetlog/local-aws';
import type { AggregateRecord, PipelineAggregate, RequestsAggregate } from '@fleetlog/log-schema';
import { LOCAL_RESOURCES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { createAggregatorHandler, type AggregatorDeps } from '../aggregator';
import { quietLogger } from '@fleetlog/testing';
import { windowEvent } from './test-events';

export const BUCKET = LOCAL_RESOURCES.referenceBucket;
/** The reference map the bucket starts with. */
export const CSV = [
  'Host,ApplicationName,Contact',
  '10.0.1.7,checkout,team-checkout@example.com',
  '10.0.1.8,checkout,team-checkout@example.com',
  '2001:db8::1,search,',
].join('\n');

/**
 * Starts kinesalite and s3rver (the bucket holding `csv` as the map) before the calling spec
 * file's tests and stops them after; restores jest spies after each test. Call at the top of the
 * file.
 */
export function useLocalAggregator(csv: string = CSV) {
  let localKinesis: LocalKinesis;
  let localS3: LocalBucket;
  let kinesis: KinesisClient;
  let s3: S3Client;
  let streamNo = 0;

  async function putCsv(text: string): Promise<void> {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: REFERENCE_KEYS.map, Body: text }));
  }

  beforeAll(async () => {
    [localKinesis, localS3] = await Promise.all([startLocalKinesis(), startLocalBucket(BUCKET)]);
    kinesis = localKinesis.kinesis;
    s3 = localS3.s3;
    await putCsv(csv);
  });

  afterAll(() => Promise.all([localKinesis.stop(), localS3.stop()]));

  afterEach(() => jest.restoreAllMocks());

  async function newStream(): Promise<string> {
    const name = `out-${++streamNo}`;
    await localKinesis.createStream(name, 1);
    return name;
  }

  /** Everything written to the stream, in order, with partition keys. */
  async function readStream(
    name: string,
  ): Promise<{ key: string | undefined; value: AggregateRecord }[]> {
    const shards = await kinesis.send(new ListShardsCommand({ StreamName: name }));
    const out: { key: string | undefined; value: AggregateRecord }[] = [];
    for (const shard of shards.Shards ?? []) {
      const it = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: name,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const got = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 10_000 }),
      );
      for (const r of got.Records ?? []) {
        out.push({
          key: r.PartitionKey,
          value: JSON.parse(Buffer.from(r.Data as Uint8Array).toString('utf8')) as AggregateRecord,
        });
      }
    }
    return out;
  }

  function aggregator(outputStreamName: string, overrides: Partial<AggregatorDeps> = {}) {
    const log = quietLogger();
    const handler = createAggregatorHandler({
      s3,
      kinesis,
      referenceBucket: BUCKET,
      outputStreamName,
      logger: log.logger,
      retry: { attempts: 3, baseDelayMs: 1, sleep: async () => undefined },
      ...overrides,
    });
    return { handler, log };
  }

  return {
    /** The kinesalite client, once beforeAll has run. */
    get kinesis(): KinesisClient {
      return kinesis;
    },
    /** The s3rver client, once beforeAll has run. */
    get s3(): S3Client {
      return s3;
    },
    putCsv,
    newStream,
    readStream,
    aggregator,
  };
}

export const requestsOf = (records: { value: AggregateRecord }[]) =>
  records.map((r) => r.value).filter((r): r is RequestsAggregate => r.kind === 'requests');
export const pipelineOf = (records: { value: AggregateRecord }[]) =>
  records.map((r) => r.value).filter((r): r is PipelineAggregate => r.kind === 'pipeline');
export const final = (state: Record<string, unknown>, options = {}) =>
  windowEvent([], { state, final: true, ...options });
