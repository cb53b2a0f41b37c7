import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent, FirehoseTransformationEventRecord } from 'aws-lambda';
import { createLogger } from '@fleetlog/aws-kit';
import { startLocalS3, type LocalS3 } from '@fleetlog/local-aws';
import type { ArchiveRecord } from './archive-record';
import { createArchiveTransformHandler } from './firehose-transform';

const KEY = 'reference/HostApplicationMap.csv';
const MAP = 'Host,ApplicationName,Contact\n10.0.1.7,checkout,team@x\n';
const NOW = Date.UTC(2015, 4, 17, 12);
const ARRIVAL = Date.UTC(2015, 4, 17, 11, 30);
const line = (host: string, hhmm: string, path = '/') =>
  `${host} - - [17/May/2015:${hhmm}:00 +0000] "GET ${path} HTTP/1.1" 200 5 "-" "ua"`;

function quietLogger() {
  const logger = createLogger('test');
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  return { logger, warn };
}

function record(id: string, data: Buffer | string): FirehoseTransformationEventRecord {
  return {
    recordId: id,
    approximateArrivalTimestamp: ARRIVAL + 1,
    data: Buffer.from(data).toString('base64'),
    kinesisRecordMetadata: {
      shardId: 'shardId-000000000000',
      partitionKey: 'k',
      approximateArrivalTimestamp: ARRIVAL,
      sequenceNumber: '1',
      subsequenceNumber: '0',
    },
  };
}

const event = (...records: FirehoseTransformationEventRecord[]): FirehoseTransformationEvent => ({
  invocationId: 'inv',
  deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/archive',
  region: 'eu-west-1',
  records,
});

const rows = (data: string | undefined): ArchiveRecord[] =>
  Buffer.from(data ?? '', 'base64')
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as ArchiveRecord);

describe('createArchiveTransformHandler on s3rver', () => {
  let local: LocalS3;
  let s3: S3Client;
  let n = 0;
  beforeAll(async () => {
    local = await startLocalS3();
    s3 = local.s3;
  });
  afterAll(() => local.stop());

  async function handler(map: string | null, log = quietLogger()) {
    const bucket = `ref-${++n}`;
    await local.createBucket(bucket);
    if (map !== null) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: map }));
    return createArchiveTransformHandler({
      s3,
      referenceBucket: bucket,
      now: () => NOW,
      logger: log.logger,
      retry: { attempts: 1, baseDelayMs: 1 },
    });
  }

  it('turns each record into its lines, attributed, partitioned by the earliest event hour', async () => {
    const transform = await handler(MAP);
    const text = [line('10.0.1.7', '10:59', '/a'), line('192.0.2.1', '11:00', '/b'), 'junk'].join(
      '\n',
    );
    const result = await transform(
      event(record('r1', text), record('r2', gzipSync(line('10.0.1.7', '08:15')))),
    );

    expect(result.records.map((r) => [r.recordId, r.result, r.metadata?.partitionKeys])).toEqual([
      ['r1', 'Ok', { dt: '2015-05-17', hour: '10' }],
      ['r2', 'Ok', { dt: '2015-05-17', hour: '08' }],
    ]);
    const first = rows(result.records[0].data);
    expect(first).toEqual([
      expect.objectContaining({ path: '/a', application_name: 'checkout', contact: 'team@x' }),
      expect.objectContaining({ path: '/b', application_name: 'UNKNOWN', contact: null }),
      expect.objectContaining({ malformed: true, raw: 'junk', received_ms: ARRIVAL }),
    ]);
    expect(rows(result.records[1].data)).toHaveLength(1);
  });

  it('partitions a record with no parsable line by its arrival hour, and drops an empty one', async () => {
    const transform = await handler(MAP);
    const result = await transform(
      event(record('bad', 'junk\nmore junk'), record('empty', '\n\n')),
    );
    expect(result.records[0]).toMatchObject({
      result: 'Ok',
      metadata: { partitionKeys: { dt: '2015-05-17', hour: '11' } },
    });
    expect(rows(result.records[0].data).map((r) => r.malformed)).toEqual([true, true]);
    expect(result.records[1]).toEqual({ recordId: 'empty', result: 'Dropped' });
  });

  it('counts every host UNKNOWN when the map is missing, and warns of records spanning hours', async () => {
    const log = quietLogger();
    const transform = await handler(null, log);
    const text = [line('10.0.1.7', '08:00'), line('10.0.1.7', '09:30')].join('\n');
    const result = await transform(event(record('r', text)));
    expect(rows(result.records[0].data).map((r) => !r.malformed && r.application_name)).toEqual([
      'UNKNOWN',
      'UNKNOWN',
    ]);
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringMatching(/span more than an hour/),
      expect.objectContaining({ records: 1 }),
    );
  });

  it('fails the whole invocation (Firehose retries) when the map cannot be read at all', async () => {
    const transform = createArchiveTransformHandler({
      s3: new S3Client({
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      }),
      referenceBucket: 'nowhere',
      now: () => NOW,
      logger: quietLogger().logger,
      retry: { attempts: 1, baseDelayMs: 1 },
    });
    await expect(transform(event(record('r', line('10.0.1.7', '08:00'))))).rejects.toThrow(
      /cannot load reference map/,
    );
  });
});
