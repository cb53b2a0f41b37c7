import { DescribeStreamCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { startLocalKinesis } from './local-kinesis';

describe('startLocalKinesis', () => {
  it('serves the streams asked for, ACTIVE, and more on demand, until stopped', async () => {
    const local = await startLocalKinesis({ in: 2, out: 1 });
    try {
      expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const described = async (StreamName: string) =>
        (await local.kinesis.send(new DescribeStreamCommand({ StreamName }))).StreamDescription;
      expect(await described('in')).toMatchObject({ StreamStatus: 'ACTIVE' });
      expect((await described('in'))?.Shards).toHaveLength(2);
      expect((await described('out'))?.Shards).toHaveLength(1);
      await local.createStream('later');
      const put = await local.kinesis.send(
        new PutRecordCommand({ StreamName: 'later', PartitionKey: 'k', Data: Buffer.from('x') }),
      );
      expect(put.SequenceNumber).toBeDefined();
    } finally {
      await local.stop();
    }
  });

  it('rejects when a stream cannot be created (it stops its server first)', async () => {
    await expect(startLocalKinesis({ big: 5 }, { shardLimit: 2 })).rejects.toThrow();
  });
});
