import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';
import { FakeAwsClient } from './fake-aws-client';
import { keyedItems, putRecordsInOrder, recordData } from './kinesis-records';

describe('Kinesis record helpers', () => {
  it('spreads items over partition keys k0..k(n-1), data <key>#<n>', () => {
    expect(keyedItems(5, 2)).toEqual([
      { partitionKey: 'k0', data: 'k0#0' },
      { partitionKey: 'k1', data: 'k1#1' },
      { partitionKey: 'k0', data: 'k0#2' },
      { partitionKey: 'k1', data: 'k1#3' },
      { partitionKey: 'k0', data: 'k0#4' },
    ]);
  });

  it('puts one record at a time, in order, each after the previous one was answered', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    const kinesis = new FakeAwsClient(async (command) => {
      inFlight++;
      expect(inFlight).toBe(1);
      const input = (command as PutRecordCommand).input;
      sent.push(
        `${input.StreamName}:${input.PartitionKey}:${Buffer.from(input.Data ?? []).toString()}`,
      );
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return {};
    });
    await putRecordsInOrder(kinesis, 's', keyedItems(3, 2));
    expect(sent).toEqual(['s:k0:k0#0', 's:k1:k1#1', 's:k0:k0#2']);
    expect(kinesis.calls).toEqual(['PutRecord', 'PutRecord', 'PutRecord']);
  });

  it('reads the text of a record as Lambda delivers it', () => {
    const record = {
      kinesis: { data: Buffer.from('k0#7').toString('base64') },
    } as KinesisStreamRecord;
    expect(recordData(record)).toBe('k0#7');
  });
});
