// The deadline: no PutRecords (and no backoff before one) starts within the margin; the
// invocation fails instead, and Lambda's retry with the same state writes the same flushId.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { mockClient } from 'aws-sdk-client-mock';
import { AGGREGATOR_DEADLINE_MARGIN_MS } from './aggregator';
import { final, useLocalAggregator } from './__fixtures__/local-aggregator';
import { combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

const { newStream, readStream, aggregator } = useLocalAggregator();
const t = '2015-05-17T10:06:00Z';
const contextWith = (remaining: { ms: number }) => ({
  getRemainingTimeInMillis: () => remaining.ms,
});

describe('aggregator deadline', () => {
  it('starts no PutRecords within the margin: the final invocation fails, and its retry writes the window', async () => {
    const stream = await newStream();
    const { handler, log } = aggregator(stream);
    const open = await handler(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))]), {
      getRemainingTimeInMillis: () => 60_000,
    });
    const closing = final(open.state);
    const late = { ms: AGGREGATOR_DEADLINE_MARGIN_MS };
    await expect(handler(closing, contextWith(late))).rejects.toThrow(
      'deadline near: PutRecords of the last 2 of 2 entries not started',
    );
    expect(await readStream(stream)).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringContaining('Lambda retries it with the same state'),
      expect.objectContaining({ final: true, remainingMs: AGGREGATOR_DEADLINE_MARGIN_MS }),
    );

    // Lambda's retry of the final invocation, with time to spare.
    await handler(closing, contextWith({ ms: 60_000 }));
    const written = await readStream(stream);
    expect(written.map((w) => w.value.kind).sort()).toEqual(['pipeline', 'requests']);
  });

  it('does not wait to retry failed entries when the wait would reach into the margin', async () => {
    const flaky = new KinesisClient({ region: 'us-east-1' });
    const flakyMock = mockClient(flaky);
    const remaining = { ms: 60_000 };
    const sent: AggregateRecord[][] = [];
    flakyMock.on(PutRecordsCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => {
      sent.push(
        input.Records.map(
          (e) => JSON.parse(Buffer.from(e.Data).toString('utf8')) as AggregateRecord,
        ),
      );
      // The call took nearly all the time that was left.
      remaining.ms = AGGREGATOR_DEADLINE_MARGIN_MS + 50;
      return {
        FailedRecordCount: 1,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow' },
        ],
      };
    });
    const sleep = jest.fn(async () => undefined);
    const { handler } = aggregator('out', {
      kinesis: flaky,
      // A backoff of 99 ms: more than the 50 ms left above the margin.
      retry: { attempts: 5, baseDelayMs: 100, sleep, random: () => 0.99 },
    });
    await expect(
      handler(
        windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))], { final: true }),
        contextWith(remaining),
      ),
    ).rejects.toThrow('deadline near: PutRecords of the last 1 of 2 entries not started');
    expect(sent).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
    flakyMock.restore();
  });

  it('keeps no deadline without a Lambda context (local runs)', async () => {
    const stream = await newStream();
    const { handler } = aggregator(stream);
    await handler(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))], { final: true }));
    expect(await readStream(stream)).toHaveLength(2);
  });
});
