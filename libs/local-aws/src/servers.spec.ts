import { DescribeStreamCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  createLocalBucket,
  createLocalStream,
  localKinesisClient,
  localS3Client,
  startKinesalite,
  startS3rver,
  type LocalServer,
} from './index';

describe('embedded kinesalite', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startKinesalite();
  });
  afterAll(() => server.stop());

  it('listens on loopback and serves a stream that is active at once', async () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const kinesis = localKinesisClient(server.endpoint);
    await createLocalStream(kinesis, 'in', 2);
    const d = await kinesis.send(new DescribeStreamCommand({ StreamName: 'in' }));
    expect(d.StreamDescription?.StreamStatus).toBe('ACTIVE');
    expect(d.StreamDescription?.Shards).toHaveLength(2);
    const put = await kinesis.send(
      new PutRecordCommand({ StreamName: 'in', PartitionKey: 'k', Data: Buffer.from('x') }),
    );
    expect(put.SequenceNumber).toBeDefined();
  });
});

describe('embedded s3rver', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(() => server.stop());

  it('stores and returns an object with its ETag', async () => {
    const s3 = localS3Client(server.endpoint);
    await createLocalBucket(s3, 'ref');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'ref',
        Key: 'a/b.csv',
        Body: 'Host,ApplicationName,Contact\n',
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'ref', Key: 'a/b.csv' }));
    expect(got.ETag).toBe(put.ETag);
    expect(await got.Body?.transformToString()).toBe('Host,ApplicationName,Contact\n');
  });
});
