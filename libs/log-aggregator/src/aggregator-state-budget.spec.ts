// Bounded window state (README, "Bounded window state"): a backfill that would take the state past
// Lambda's 1 MB per shard is written out oldest minutes first, every returned state stays under the
// limit, and the totals are the log's.
import type { AggregateRecord, RequestsAggregate } from '@fleetlog/log-schema';
import { TUMBLING_WINDOW_MAX_STATE_BYTES } from '@fleetlog/pipeline-config';
import { flushIdOf } from './aggregator';
import { DEFAULT_MAX_STATE_BYTES } from './state-budget';
import { encodeState } from './state-codec';
import { WindowAggregate } from './window-aggregate';
import {
  backfillBatches,
  backfillHandler,
  backfillLines,
  runWindow,
  stateBytes,
  type BackfillShape,
} from './__fixtures__/backfill';
import {
  SHARD,
  WINDOW_START,
  combinedLine,
  kinesisRecord,
  windowEvent,
} from './__fixtures__/test-events';

// 500 applications, as in the worst case, over two hours instead of two days: 60,000 groups,
// about 1.5 MB of state if nothing were written out.
const SHAPE: BackfillShape = { minutes: 120, applications: 500, hostsPerApplication: 2 };
const LINES = backfillLines(SHAPE);
const EARLY = 'window state over budget: oldest minutes flushed early';

/** Requests per (minute, application) summed over every partial, as consumers sum them. */
function totals(written: AggregateRecord[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const r of written) {
    if (r.kind !== 'requests') continue;
    const key = `${r.windowStart} ${r.applicationName}`;
    sums.set(key, (sums.get(key) ?? 0) + r.requestCount);
  }
  return sums;
}

function expectExactTotals(written: AggregateRecord[]): void {
  const sums = totals(written);
  expect(sums.size).toBe(SHAPE.minutes * SHAPE.applications);
  expect([...sums.values()].every((n) => n === SHAPE.hostsPerApplication)).toBe(true);
  const lines = written.reduce((n, r) => n + (r.kind === 'pipeline' ? r.records : 0), 0);
  expect(lines).toBe(LINES.length);
  // No record a consumer would drop as a duplicate: (flushId, kind, minute, application) unique.
  const keys = written.map((r) =>
    [r.partial.flushId, r.kind, r.windowStart, (r as RequestsAggregate).applicationName].join(),
  );
  expect(new Set(keys).size).toBe(keys.length);
}

describe('aggregator window state at the 1 MB limit', () => {
  it('would pass the limit hundreds of times in the worst case, and tens of times with one host counter', () => {
    /** State bytes of `minutes` minutes of 500 applications with `hosts` clients each. */
    const bytesOf = (minutes: number, hosts: number): number => {
      const agg = new WindowAggregate();
      for (let m = 0; m < minutes; m++) {
        for (let a = 0; a < 500; a++) {
          for (let h = 0; h < hosts; h++) {
            const host = `10.${a >> 8}.${a & 255}.${h + 1}`;
            agg.addRequest(m * 60_000, `app-${a}`, `team-${a}@example.com`, host, 200, 512);
          }
        }
      }
      return encodeState(agg, 'r', 0).bytes;
    };
    // A backfill of two days in one window: 2,880 minutes, each costing what the second one adds.
    const twoDays = (hosts: number) =>
      bytesOf(1, hosts) + 2_879 * (bytesOf(2, hosts) - bytesOf(1, hosts));
    expect(twoDays(32)).toBeGreaterThan(250 * TUMBLING_WINDOW_MAX_STATE_BYTES);
    // Fewer host counters cannot bound it: writing minutes out early is the degradation.
    expect(twoDays(1)).toBeGreaterThan(25 * TUMBLING_WINDOW_MAX_STATE_BYTES);
  });

  describe('through a backfill of 500 applications', () => {
    const batches = backfillBatches(LINES, 100, 100);
    let bounded: ReturnType<typeof backfillHandler>;
    let run: Awaited<ReturnType<typeof runWindow>>;
    beforeAll(async () => {
      bounded = backfillHandler(SHAPE);
      run = await runWindow(bounded.handler, batches);
    });

    it('keeps every state under the limit, flushing the oldest minutes early', async () => {
      const unbounded = backfillHandler(SHAPE, { maxStateBytes: Infinity });
      const without = await runWindow(unbounded.handler, batches);
      expect(without.largestState).toBeGreaterThan(TUMBLING_WINDOW_MAX_STATE_BYTES);

      expect(run.largestState).toBeLessThanOrEqual(DEFAULT_MAX_STATE_BYTES);
      expect(DEFAULT_MAX_STATE_BYTES).toBeLessThan(TUMBLING_WINDOW_MAX_STATE_BYTES);
      expectExactTotals(bounded.written);
      const early = bounded.log.warn.mock.calls.filter(([m]) => m === EARLY);
      expect(early.length).toBeGreaterThan(0);
      const stages = new Set(early.map(([, data]) => (data as { stage: string }).stage));
      expect([...stages]).toEqual(['before counting']);
      // The same per-minute sums as the window flushed whole.
      expect(totals(bounded.written)).toEqual(totals(unbounded.written));
    });

    it('writes the same early flush again when an invocation is retried from the same state', async () => {
      // The first invocation given a state over half the budget flushed ahead of counting.
      const sizes = run.events.map((e) => stateBytes(e.state));
      const first = sizes.findIndex((n) => n > DEFAULT_MAX_STATE_BYTES / 2);
      expect(first).toBeGreaterThan(0);
      const flushIds = new Set(bounded.written.map((r) => r.partial.flushId));
      // A new container (no live structures), same event: Lambda's retry after a lost response.
      const retry = backfillHandler(SHAPE);
      await retry.handler(JSON.parse(JSON.stringify(run.events[first])));
      expect(retry.written.length).toBeGreaterThan(0);
      expect(retry.written.every((r) => flushIds.has(r.partial.flushId))).toBe(true);
      const id = retry.written[0].partial.flushId;
      expect(retry.written).toEqual(bounded.written.filter((r) => r.partial.flushId === id));
    });
  });

  it('writes out the oldest minutes before returning when one batch takes the state over', async () => {
    const { handler, written, log } = backfillHandler(SHAPE);
    // Every line in one invocation: the state it was given is empty, what it adds is 1.5 MB.
    const res = await handler(windowEvent(backfillBatches(LINES, 120, 1_000)[0]));
    expect(stateBytes(res.state)).toBeLessThanOrEqual(DEFAULT_MAX_STATE_BYTES);
    expect(log.warn).toHaveBeenCalledWith(
      EARLY,
      expect.objectContaining({ stage: 'after counting' }),
    );
    await handler(windowEvent([], { state: JSON.parse(JSON.stringify(res.state)), final: true }));
    expectExactTotals(written);
  });

  it('flushes a window Lambda terminated early, says so, and carries on with a fresh state', async () => {
    const { handler, written, log } = backfillHandler(SHAPE);
    const t = new Date(Date.parse(WINDOW_START) + 5_000).toISOString();
    const first = kinesisRecord(combinedLine('10.0.1.1', t));
    const a = await handler(windowEvent([first]));
    const ended = await handler(
      windowEvent([kinesisRecord(combinedLine('10.0.1.2', t))], { state: a.state, early: true }),
    );
    expect(ended).toEqual({ state: {}, batchItemFailures: [] });
    expect(log.warn).toHaveBeenCalledWith(
      'window terminated early by Lambda: flushing it whole',
      expect.objectContaining({ shardId: SHARD, maxStateBytes: DEFAULT_MAX_STATE_BYTES }),
    );
    // The same window goes on with a fresh state: its final flush has an id of its own.
    const next = kinesisRecord(combinedLine('10.0.1.3', t));
    const b = await handler(windowEvent([next]));
    await handler(windowEvent([], { state: b.state, final: true }));
    expect([...new Set(written.map((r) => r.partial.flushId))]).toEqual([
      flushIdOf(SHARD, WINDOW_START, first.kinesis.sequenceNumber),
      flushIdOf(SHARD, WINDOW_START, next.kinesis.sequenceNumber),
    ]);
    const requests = written.filter((r): r is RequestsAggregate => r.kind === 'requests');
    expect(requests.reduce((n, r) => n + r.requestCount, 0)).toBe(3);
  });
});
