import { PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { FakeKinesis } from './fake-kinesis';

const putRecords = (...texts: string[]) =>
  new PutRecordsCommand({
    StreamName: 'out',
    Records: texts.map((t) => ({ PartitionKey: 'p', Data: Buffer.from(t) })),
  });

describe('FakeKinesis', () => {
  it('accepts every entry with its own sequence number and hands the texts over in order', async () => {
    const got: [string[], string | undefined][] = [];
    const kinesis = new FakeKinesis({ onRecords: (texts, stream) => got.push([texts, stream]) });
    const first = await kinesis.client.send(putRecords('a', 'b'));
    const second = await kinesis.client.send(putRecords('c'));
    expect(first).toMatchObject({
      FailedRecordCount: 0,
      Records: [{ SequenceNumber: '1' }, { SequenceNumber: '2' }],
    });
    expect(second).toMatchObject({ Records: [{ SequenceNumber: '3' }] });
    expect(got).toEqual([
      [['a', 'b'], 'out'],
      [['c'], 'out'],
    ]);
    expect(kinesis.accepted).toBe(3);
    expect(kinesis.client.calls).toEqual(['PutRecords', 'PutRecords']);
  });

  it('refuses other operations', async () => {
    const kinesis = new FakeKinesis();
    const one = new PutRecordCommand({
      StreamName: 'out',
      PartitionKey: 'p',
      Data: Buffer.from('x'),
    });
    await expect(kinesis.client.send(one)).rejects.toThrow(
      'FakeKinesis does not implement PutRecord',
    );
  });
});
