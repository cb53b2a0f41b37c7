import type { KinesisTumblingWindowEvent, TumblingWindowResponse } from '@fleetlog/aws-kit';
import {
  TUMBLING_WINDOW_MAX_STATE_BYTES,
  TUMBLING_WINDOW_SECONDS,
} from '@fleetlog/pipeline-config';
import type { KinesisStreamRecord } from 'aws-lambda';
import { ShardPoller, type PollerOptions, type ShardCursor } from './poller';
import { arrivalMs, firstFailureIndex } from './poller-shards';

export type WindowState = Record<string, unknown>;

export type TumblingWindowHandler<S extends WindowState = WindowState> = (
  event: KinesisTumblingWindowEvent<S>,
) => Promise<TumblingWindowResponse<S> | void>;

export interface WindowPollerOptions extends PollerOptions {
  /**
   * Tumbling window length, ms (Lambda's TumblingWindowInSeconds × 1000); the demo compresses it.
   * @default TUMBLING_WINDOW_SECONDS * 1000 (60 s)
   */
  windowMs?: number;
  /** Clock that decides when an open window has ended. */
  now?: () => number;
  /**
   * State larger than this (JSON bytes) ends the window early, as Lambda does at 1 MB; default
   * `TUMBLING_WINDOW_MAX_STATE_BYTES`.
   */
  maxStateBytes?: number;
}

interface OpenWindow {
  startMs: number;
  endMs: number;
  state: WindowState;
}

/**
 * Tumbling windows per shard, like a Lambda event source mapping with TumblingWindowInSeconds:
 * records are grouped by arrival time into windows aligned to the window length; each
 * invocation gets the state the previous one returned (a JSON copy, as over the wire); when a
 * window ends (its end passes on the clock while the shard is caught up, a later window's
 * records arrive, or `drain()` finishes) the handler gets a final invocation with no records.
 */
export class KinesisWindowPoller<S extends WindowState = WindowState> extends ShardPoller {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxStateBytes: number;
  private readonly windows = new Map<string, OpenWindow>();
  // The poller treats state as opaque JSON; erasing S keeps every KinesisWindowPoller<S>
  // assignable to KinesisWindowPoller, whatever state its handler declares.
  private readonly handler: TumblingWindowHandler;

  constructor(options: WindowPollerOptions, handler: TumblingWindowHandler<S>) {
    super(options);
    this.handler = handler as unknown as TumblingWindowHandler;
    this.windowMs = options.windowMs ?? TUMBLING_WINDOW_SECONDS * 1000;
    this.now = options.now ?? Date.now;
    this.maxStateBytes = options.maxStateBytes ?? TUMBLING_WINDOW_MAX_STATE_BYTES;
    if (!(this.windowMs > 0)) throw new Error(`windowMs must be positive, got ${this.windowMs}`);
  }

  /** Windows currently open, by shard (for tests and the demo's progress output). */
  openWindows(): { shardId: string; start: string; end: string }[] {
    return [...this.windows].map(([shardId, w]) => ({ shardId, ...this.bounds(w) }));
  }

  protected override async finish(): Promise<void> {
    await Promise.all([...this.windows.keys()].map((shardId) => this.closeWindow(shardId, false)));
  }

  protected async pollShard(cursor: ShardCursor): Promise<number> {
    const { records, ended } = await this.readBatch(cursor);
    await this.processRecords(cursor, records);
    if (ended) {
      cursor.ended = true;
      if (this.windows.has(cursor.shardId)) await this.closeWindow(cursor.shardId, true);
    }
    const open = this.windows.get(cursor.shardId);
    const caughtUp = records.length < this.batchSize;
    if (open && caughtUp && this.now() >= open.endMs) await this.closeWindow(cursor.shardId, false);
    return records.length;
  }

  private async processRecords(cursor: ShardCursor, records: KinesisStreamRecord[]): Promise<void> {
    for (const run of runsByWindow(records, this.windowMs)) {
      let open = this.windows.get(cursor.shardId);
      if (open && run.startMs > open.startMs) {
        await this.closeWindow(cursor.shardId, false);
        open = undefined;
      }
      if (!open) {
        open = { startMs: run.startMs, endMs: run.startMs + this.windowMs, state: {} };
        this.windows.set(cursor.shardId, open);
      }
      const window = open;
      const last = run.records[run.records.length - 1].kinesis.sequenceNumber;
      const result = await this.invokeWithRetries(() =>
        this.handler(this.event(cursor.shardId, window, run.records, false, false)),
      );
      if (!result.ok) {
        await this.sendToFailureSink({
          shardId: cursor.shardId,
          records: run.records,
          error: result.error,
          window: this.bounds(window),
        });
        this.moveAfter(cursor, last);
        continue;
      }
      const failed = firstFailureIndex(run.records, result.value?.batchItemFailures);
      if (failed !== 0) window.state = copyState(result.value?.state);
      if (failed < 0) {
        this.moveAfter(cursor, last);
      } else {
        cursor.failedAttempts = failed === 0 ? cursor.failedAttempts + 1 : 1;
        if (cursor.failedAttempts <= this.maxRetries) {
          const sequenceNumber = run.records[failed].kinesis.sequenceNumber;
          cursor.position = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber };
          return; // re-read from the failed record on the next poll
        }
        await this.sendToFailureSink({
          shardId: cursor.shardId,
          records: run.records.slice(failed),
          error: `batch item failure after ${this.maxRetries} retries`,
          window: this.bounds(window),
        });
        this.moveAfter(cursor, last);
      }
      if (JSON.stringify(window.state).length > this.maxStateBytes) {
        await this.closeWindow(cursor.shardId, true);
      }
    }
  }

  private async closeWindow(shardId: string, terminatedEarly: boolean): Promise<void> {
    const window = this.windows.get(shardId);
    if (!window) return;
    this.windows.delete(shardId);
    const result = await this.invokeWithRetries(() =>
      this.handler(this.event(shardId, window, [], true, terminatedEarly)),
    );
    if (!result.ok) {
      await this.sendToFailureSink({
        shardId,
        records: [],
        error: result.error,
        window: this.bounds(window),
      });
    }
  }

  private event(
    shardId: string,
    window: OpenWindow,
    records: KinesisStreamRecord[],
    isFinalInvokeForWindow: boolean,
    isWindowTerminatedEarly: boolean,
  ): KinesisTumblingWindowEvent {
    return {
      Records: records,
      window: this.bounds(window),
      state: copyState(window.state),
      shardId,
      eventSourceARN: this.streamArn,
      isFinalInvokeForWindow,
      isWindowTerminatedEarly,
    };
  }

  private bounds(window: OpenWindow): { start: string; end: string } {
    return {
      start: new Date(window.startMs).toISOString(),
      end: new Date(window.endMs).toISOString(),
    };
  }
}

/** State travels as JSON, so a handler can neither keep a reference to it nor return a Map. */
function copyState<S>(state: S | undefined): S {
  return (state === undefined ? {} : JSON.parse(JSON.stringify(state))) as S;
}

/** Consecutive records of the same arrival window. Kinesis keeps a shard in arrival order. */
function runsByWindow(
  records: KinesisStreamRecord[],
  windowMs: number,
): { startMs: number; records: KinesisStreamRecord[] }[] {
  const runs: { startMs: number; records: KinesisStreamRecord[] }[] = [];
  for (const record of records) {
    const startMs = Math.floor(arrivalMs(record) / windowMs) * windowMs;
    const current = runs[runs.length - 1];
    if (current && current.startMs >= startMs) current.records.push(record);
    else runs.push({ startMs, records: [record] });
  }
  return runs;
}
