import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { keyedItems, putRecordsInOrder, recordData } from '@fleetlog/testing';
import type { KinesisStreamEvent } from 'aws-lambda';
import { KinesisBatchPoller, type PollerFailure } from './index';
import { useKinesaliteStreams } from './__fixtures__/kinesalite-streams';

describe('KinesisBatchPoller on kinesalite', () => {
  const streams = useKinesaliteStreams('batch');
  const { stream } = streams;
  let kinesis: KinesisClient;
  beforeAll(() => {
    kinesis = streams.kinesis;
  });

  it('delivers every record of every shard once, in shard order, shaped like Lambda events', async () => {
    const name = await stream(3);
    const input = keyedItems(50, 7);
    await putRecordsInOrder(kinesis, name, input);
    const events: KinesisStreamEvent[] = [];
    const poller = new KinesisBatchPoller(
      { kinesis, streamName: name, batchSize: 8 },
      async (event) => {
        events.push(event);
      },
    );
    await poller.drain();

    const records = events.flatMap((e) => e.Records);
    expect(records.map(recordData).sort()).toEqual(input.map((i) => i.data).sort());
    expect(Math.max(...events.map((e) => e.Records.length))).toBe(8);
    const shardIds = new Set(records.map((r) => r.eventID.split(':')[0]));
    expect(shardIds.size).toBeGreaterThan(1);
    // Within a partition key (one shard) the put order is kept.
    for (let k = 0; k < 7; k++) {
      const seen = records.map(recordData).filter((d) => d.startsWith(`k${k}#`));
      expect(seen).toEqual(input.filter((i) => i.partitionKey === `k${k}`).map((i) => i.data));
    }
    const first = records[0];
    expect(first).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      eventVersion: '1.0',
      eventSourceARN: expect.stringMatching(new RegExp(`^arn:aws:kinesis:.*:stream/${name}$`)),
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: expect.stringMatching(/^k\d$/) },
    });
    expect(first.eventID).toBe(`${first.eventID.split(':')[0]}:${first.kinesis.sequenceNumber}`);
    expect(first.eventID).toMatch(/^shardId-\d{12}:\d+$/);
    // Seconds since the epoch, like Lambda's approximateArrivalTimestamp.
    expect(Math.abs(first.kinesis.approximateArrivalTimestamp - Date.now() / 1000)).toBeLessThan(
      3600,
    );
    expect(poller.stats).toMatchObject({ records: 50, failedRecords: 0 });
  });

  it('resumes from the sequence number a batch item failure reports', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(6, 1));
    const batches: string[][] = [];
    let failedOnce = false;
    const poller = new KinesisBatchPoller(
      { kinesis, streamName: name, batchSize: 10 },
      async (event) => {
        batches.push(event.Records.map(recordData));
        if (!failedOnce) {
          failedOnce = true;
          return {
            batchItemFailures: [{ itemIdentifier: event.Records[3].kinesis.sequenceNumber }],
          };
        }
        return { batchItemFailures: [] };
      },
    );
    await poller.drain();
    expect(batches).toEqual([
      ['k0#0', 'k0#1', 'k0#2', 'k0#3', 'k0#4', 'k0#5'],
      ['k0#3', 'k0#4', 'k0#5'],
    ]);
  });

  it('sends a batch that keeps failing to the on-failure sink after the retries, then moves on', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(4, 1));
    const failures: PollerFailure[] = [];
    const seen: string[][] = [];
    const poller = new KinesisBatchPoller(
      {
        kinesis,
        streamName: name,
        batchSize: 2,
        maxRetries: 2,
        onFailure: (f) => void failures.push(f),
      },
      async (event) => {
        seen.push(event.Records.map(recordData));
        const poison = event.Records.find((r) => recordData(r) === 'k0#1');
        return {
          batchItemFailures: poison ? [{ itemIdentifier: poison.kinesis.sequenceNumber }] : [],
        };
      },
    );
    await poller.drain();
    // The first attempt at k0#1 fails, then its two retries; then it is given up.
    expect(seen).toEqual([['k0#0', 'k0#1'], ['k0#1', 'k0#2'], ['k0#1', 'k0#2'], ['k0#3']]);
    expect(failures).toHaveLength(1);
    expect(failures[0].records.map(recordData)).toEqual(['k0#1', 'k0#2']);
    expect(failures[0]).toMatchObject({ streamName: name, shardId: 'shardId-000000000000' });
  });

  it('retries a throwing handler with the same records, and treats an unknown identifier as a whole-batch failure', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(3, 1));
    const seen: string[][] = [];
    let calls = 0;
    const poller = new KinesisBatchPoller(
      { kinesis, streamName: name, batchSize: 10 },
      async (event) => {
        seen.push(event.Records.map(recordData));
        calls++;
        if (calls === 1) throw new Error('boom');
        if (calls === 2)
          return { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] };
        return undefined;
      },
    );
    await poller.drain();
    expect(seen).toEqual([
      ['k0#0', 'k0#1', 'k0#2'],
      ['k0#0', 'k0#1', 'k0#2'],
      ['k0#0', 'k0#1', 'k0#2'],
    ]);
  });

  it('gives up a batch whose handler always throws, reporting the error', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(2, 1));
    const failures: PollerFailure[] = [];
    let calls = 0;
    const poller = new KinesisBatchPoller(
      { kinesis, streamName: name, maxRetries: 1, onFailure: (f) => void failures.push(f) },
      async () => {
        calls++;
        throw new Error('always');
      },
    );
    await poller.drain();
    expect(calls).toBe(2);
    expect(failures).toEqual([expect.objectContaining({ error: 'always' })]);
    expect(failures[0].records.map(recordData)).toEqual(['k0#0', 'k0#1']);
  });

  it('picks up records that arrive while it runs continuously', async () => {
    const name = await stream(2);
    const got: string[] = [];
    const poller = new KinesisBatchPoller({ kinesis, streamName: name }, async (event) => {
      got.push(...event.Records.map(recordData));
    });
    poller.start(10);
    await putRecordsInOrder(kinesis, name, keyedItems(5, 3));
    while (got.length < 5) await new Promise((r) => setTimeout(r, 10));
    await poller.stop();
    expect(got.sort()).toEqual(
      keyedItems(5, 3)
        .map((i) => i.data)
        .sort(),
    );
  });
});
