// Retried flushes: stable flushIds, PutRecords entries that fail.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { flushIdOf } from './aggregator';
import { final, useLocalAggregator } from './__fixtures__/local-aggregator';
import {
  SHARD,
  WINDOW_START,
  combinedLine,
  kinesisRecord,
  windowEvent,
} from './__fixtures__/test-events';

const { newStream, readStream, aggregator } = useLocalAggregator();

describe('flush retries', () => {
  const t = '2015-05-17T10:06:00Z';

  it('derives the same flushId when a failed flush is retried, in any container', async () => {
    const failing = new KinesisClient({ region: 'us-east-1' });
    const failingMock = mockClient(failing);
    failingMock
      .on(PutRecordsCommand)
      .rejects(awsError('ResourceNotFoundException', { status: 400, message: 'stream gone' }));
    const stream = await newStream();
    const { handler: broken } = aggregator(stream, { kinesis: failing });
    const open = await broken(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))]));
    const closing = final(open.state);
    await expect(broken(closing)).rejects.toThrow('stream gone');
    const failedIds = failingMock
      .commandCalls(PutRecordsCommand)
      .flatMap((c) => c.args[0].input.Records ?? [])
      .map(
        (e) =>
          (JSON.parse(Buffer.from(e.Data as Uint8Array).toString()) as AggregateRecord).partial
            .flushId,
      );

    // Lambda retries the final invocation, here in a fresh container that can write.
    await aggregator(stream).handler(closing);
    const written = await readStream(stream);
    expect(written).toHaveLength(2);
    expect(new Set([...failedIds, ...written.map((w) => w.value.partial.flushId)]).size).toBe(1);
    failingMock.restore();
  });

  it('gives different windows and different first records different flushIds', () => {
    const id = flushIdOf(SHARD, WINDOW_START, '1');
    expect(flushIdOf(SHARD, WINDOW_START, '1')).toBe(id);
    expect(flushIdOf(SHARD, '2015-05-17T10:10:00.000Z', '1')).not.toBe(id);
    expect(flushIdOf(SHARD, WINDOW_START, '2')).not.toBe(id);
    expect(flushIdOf('shardId-000000000001', WINDOW_START, '1')).not.toBe(id);
  });

  it('retries the entries a PutRecords response reports as failed', async () => {
    const flaky = new KinesisClient({ region: 'us-east-1' });
    const flakyMock = mockClient(flaky);
    flakyMock
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 1,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow' },
        ],
      })
      .resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: '2', ShardId: 's' }] });
    const { handler } = aggregator('out', { kinesis: flaky });
    const res = await handler(
      windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))], { final: true }),
    );
    expect(res.batchItemFailures).toEqual([]);
    const calls = flakyMock.commandCalls(PutRecordsCommand);
    expect(calls.map((c) => c.args[0].input.Records?.map((e) => e.PartitionKey))).toEqual([
      ['checkout', 'pipeline'],
      ['pipeline'],
    ]);
    flakyMock.restore();
  });

  it('throws when PutRecords entries keep failing, so Lambda retries the flush', async () => {
    const full = new KinesisClient({ region: 'us-east-1' });
    const fullMock = mockClient(full);
    fullMock.on(PutRecordsCommand).callsFake((input: { Records: unknown[] }) => ({
      FailedRecordCount: input.Records.length,
      Records: input.Records.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'x' })),
    }));
    const { handler } = aggregator('out', { kinesis: full });
    await expect(
      handler(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))], { final: true })),
    ).rejects.toThrow(/2 entries still failing after 3 attempts \(InternalFailure\)/);
    fullMock.restore();
  });
});
