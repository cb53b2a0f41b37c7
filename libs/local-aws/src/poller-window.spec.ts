import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { keyedItems, putRecordsInOrder, recordData } from '@fleetlog/testing';
import { KinesisWindowPoller, type PollerFailure } from './index';
import { useKinesaliteStreams } from './__fixtures__/kinesalite-streams';

// Windows this long (about 31 years) never split a test's records by accident.
const LONG_WINDOW_MS = 1e12;

type CountState = { count?: number; seen?: string[] };
type Event = KinesisTumblingWindowEvent<CountState>;

/** A tiny aggregator: counts and lists the records of its window in the state. */
async function counting(event: Event) {
  const state = event.state ?? {};
  return {
    state: {
      count: (state.count ?? 0) + event.Records.length,
      seen: [...(state.seen ?? []), ...event.Records.map(recordData)],
    },
    batchItemFailures: [],
  };
}

describe('KinesisWindowPoller on kinesalite', () => {
  const streams = useKinesaliteStreams('window');
  const { stream } = streams;
  let kinesis: KinesisClient;
  beforeAll(() => {
    kinesis = streams.kinesis;
  });
  afterEach(() => jest.useRealTimers());

  it('passes state between a shard’s invocations and ends each window with a final, empty invocation', async () => {
    const name = await stream(3);
    const input = keyedItems(40, 6);
    await putRecordsInOrder(kinesis, name, input);
    const events: Event[] = [];
    const poller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: name, batchSize: 4, windowMs: LONG_WINDOW_MS },
      async (event) => {
        events.push(event);
        return counting(event);
      },
    );
    await poller.drain();

    const finals = events.filter((e) => e.isFinalInvokeForWindow);
    const shardIds = new Set(events.map((e) => e.shardId));
    expect(shardIds.size).toBeGreaterThan(1);
    expect(finals).toHaveLength(shardIds.size);
    for (const final of finals) {
      expect(final.Records).toEqual([]);
      expect(final.isWindowTerminatedEarly).toBe(false);
      const ofShard = events.filter((e) => e.shardId === final.shardId);
      expect(ofShard[ofShard.length - 1]).toBe(final); // the final invocation comes last
      expect(final.state?.count).toBe(ofShard.reduce((n, e) => n + e.Records.length, 0));
      expect(ofShard[0].state).toEqual({});
      expect(final.eventSourceARN).toMatch(new RegExp(`:stream/${name}$`));
      for (const r of ofShard.flatMap((e) => e.Records))
        expect(r.eventID.startsWith(`${final.shardId}:`)).toBe(true);
    }
    const all = finals.flatMap((f) => f.state?.seen ?? []);
    expect(all.sort()).toEqual(input.map((i) => i.data).sort());
    const { start, end } = events[0].window;
    expect(Date.parse(start) % LONG_WINDOW_MS).toBe(0);
    expect(Date.parse(end) - Date.parse(start)).toBe(LONG_WINDOW_MS);
    expect(poller.openWindows()).toEqual([]);
  });

  it('groups records into windows by arrival time, closing the old window before the next starts', async () => {
    const windowMs = 60_000;
    // Only Date is faked: kinesalite stamps arrival with Date.now, the sockets keep real timers.
    const t0 = Math.ceil(Date.now() / windowMs) * windowMs + 1_000;
    jest.useFakeTimers({
      now: t0,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(3, 1));
    jest.setSystemTime(t0 + windowMs);
    await putRecordsInOrder(kinesis, name, [{ partitionKey: 'k0', data: 'late-window' }]);

    const events: Event[] = [];
    const poller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: name, windowMs },
      async (event) => {
        events.push(event);
        return counting(event);
      },
    );
    await poller.drain();

    expect(
      events.map((e) => [
        e.window.start,
        e.Records.map(recordData),
        e.isFinalInvokeForWindow,
        e.state?.count ?? 0,
      ]),
    ).toEqual([
      [new Date(t0 - 1_000).toISOString(), ['k0#0', 'k0#1', 'k0#2'], false, 0],
      [new Date(t0 - 1_000).toISOString(), [], true, 3],
      [new Date(t0 - 1_000 + windowMs).toISOString(), ['late-window'], false, 0],
      [new Date(t0 - 1_000 + windowMs).toISOString(), [], true, 1],
    ]);
  });

  it('closes a window when the injected clock passes its end while the shard is caught up', async () => {
    const name = await stream(1);
    // One record: two could straddle a window boundary.
    await putRecordsInOrder(kinesis, name, keyedItems(1, 1));
    let clock = 0;
    const events: Event[] = [];
    const poller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: name, windowMs: 60_000, now: () => clock },
      async (event) => {
        events.push(event);
        return counting(event);
      },
    );
    clock = Date.now() - 60_000; // before the record's window ends
    await poller.pollOnce();
    expect(events.map((e) => e.isFinalInvokeForWindow)).toEqual([false]);
    expect(poller.openWindows()).toHaveLength(1);
    clock = Date.now() + 60_000;
    await poller.pollOnce();
    expect(events.map((e) => e.isFinalInvokeForWindow)).toEqual([false, true]);
    expect(events[1].state?.count).toBe(1);
    expect(poller.openWindows()).toEqual([]);
  });

  it('retries a throwing invocation with the same records and the same state', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(4, 1));
    const events: { records: string[]; state: CountState | undefined }[] = [];
    let throws = 0;
    const poller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: name, batchSize: 2, windowMs: LONG_WINDOW_MS },
      async (event) => {
        events.push({
          records: event.Records.map(recordData),
          state: structuredClone(event.state),
        });
        if (event.Records.length > 0 && recordData(event.Records[0]) === 'k0#2' && throws++ < 2) {
          // A handler that spoils its input before failing must not spoil the retry.
          (event.state as CountState).count = 999;
          throw new Error('transient');
        }
        return counting(event);
      },
    );
    await poller.drain();
    expect(events).toEqual([
      { records: ['k0#0', 'k0#1'], state: {} },
      { records: ['k0#2', 'k0#3'], state: { count: 2, seen: ['k0#0', 'k0#1'] } },
      { records: ['k0#2', 'k0#3'], state: { count: 2, seen: ['k0#0', 'k0#1'] } },
      { records: ['k0#2', 'k0#3'], state: { count: 2, seen: ['k0#0', 'k0#1'] } },
      { records: [], state: { count: 4, seen: ['k0#0', 'k0#1', 'k0#2', 'k0#3'] } },
    ]);
  });

  it('sends an invocation that keeps throwing to the sink and keeps the window going with the old state', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(3, 1));
    const failures: PollerFailure[] = [];
    let finalState: CountState | undefined;
    const poller = new KinesisWindowPoller<CountState>(
      {
        kinesis,
        streamName: name,
        batchSize: 1,
        maxRetries: 1,
        windowMs: LONG_WINDOW_MS,
        onFailure: (f) => void failures.push(f),
      },
      async (event) => {
        if (event.isFinalInvokeForWindow) finalState = event.state;
        if (event.Records.some((r) => recordData(r) === 'k0#1')) throw new Error('poison');
        return counting(event);
      },
    );
    await poller.drain();
    expect(failures).toHaveLength(1);
    expect(failures[0].records.map(recordData)).toEqual(['k0#1']);
    expect(failures[0].error).toBe('poison');
    expect(failures[0].window?.start).toMatch(/T/);
    expect(finalState).toEqual({ count: 2, seen: ['k0#0', 'k0#2'] });
  });

  it('resumes at a reported batch item failure, keeping the state of the records before it', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(4, 1));
    const batches: string[][] = [];
    let reported = false;
    let finalState: CountState | undefined;
    const poller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: name, batchSize: 10, windowMs: LONG_WINDOW_MS },
      async (event) => {
        if (event.isFinalInvokeForWindow) finalState = event.state;
        batches.push(event.Records.map(recordData));
        if (!reported && event.Records.length > 0) {
          reported = true;
          const done = { ...event, Records: event.Records.slice(0, 2) };
          const { state } = await counting(done);
          return {
            state,
            batchItemFailures: [{ itemIdentifier: event.Records[2].kinesis.sequenceNumber }],
          };
        }
        return counting(event);
      },
    );
    await poller.drain();
    expect(batches).toEqual([['k0#0', 'k0#1', 'k0#2', 'k0#3'], ['k0#2', 'k0#3'], []]);
    expect(finalState?.seen).toEqual(['k0#0', 'k0#1', 'k0#2', 'k0#3']);
  });

  it('ends a window early when its state outgrows the limit', async () => {
    const name = await stream(1);
    await putRecordsInOrder(kinesis, name, keyedItems(3, 1));
    const events: Event[] = [];
    const poller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: name, batchSize: 2, windowMs: LONG_WINDOW_MS, maxStateBytes: 30 },
      async (event) => {
        events.push(event);
        return counting(event);
      },
    );
    await poller.drain();
    expect(
      events.map((e) => [e.Records.length, e.isFinalInvokeForWindow, e.isWindowTerminatedEarly]),
    ).toEqual([
      [2, false, false],
      [0, true, true],
      [1, false, false],
      [0, true, false],
    ]);
    expect(events[2].state).toEqual({});
  });

  it('is assignable whatever state its handler declares (the demo keeps it untyped)', () => {
    const poller: KinesisWindowPoller = new KinesisWindowPoller<CountState>(
      { kinesis, streamName: 'x' },
      counting,
    );
    expect(poller.openWindows()).toEqual([]);
  });

  it('rejects a window length that is not positive', () => {
    expect(
      () => new KinesisWindowPoller({ kinesis, streamName: 'x', windowMs: 0 }, counting),
    ).toThrow(/windowMs/);
  });
});
