import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';
import { errorMessage, ShardReader, type ShardPosition, type ShardRead } from './poller-shards';

/** What a Lambda on-failure destination would receive: records given up on after the retries. */
export interface PollerFailure {
  streamName: string;
  shardId: string;
  records: KinesisStreamRecord[];
  error: string;
  /** Set for tumbling windows; a failed final invocation has no records. */
  window?: { start: string; end: string };
}

export interface PollerOptions {
  kinesis: KinesisClient;
  streamName: string;
  /** Records per invocation at most (Lambda's BatchSize); GetRecords allows up to 10,000. */
  batchSize?: number;
  /** Retries of a failing invocation before its records go to `onFailure` (Lambda's MaximumRetryAttempts). */
  maxRetries?: number;
  /** The on-failure destination; the poller moves on after it is called. */
  onFailure?: (failure: PollerFailure) => void | Promise<void>;
  /** Errors of the continuous loop (`start`), e.g. the stream was deleted. */
  onError?: (error: unknown) => void;
}

export interface ShardCursor {
  shardId: string;
  position: ShardPosition;
  /** Failed invocations in a row at the current position. */
  failedAttempts: number;
  ended: boolean;
}

export interface PollerStats {
  invocations: number;
  records: number;
  failedRecords: number;
}

/**
 * A local stand-in for a Lambda Kinesis event source mapping: shards are read in parallel,
 * each shard's invocations run one at a time in order. `drain()` makes tests deterministic;
 * `start()`/`stop()` run it continuously for the local demo.
 */
export abstract class ShardPoller {
  readonly stats: PollerStats = { invocations: 0, records: 0, failedRecords: 0 };
  protected readonly reader: ShardReader;
  protected readonly batchSize: number;
  protected readonly maxRetries: number;
  protected streamArn = '';
  private readonly cursors = new Map<string, ShardCursor>();
  private loop: Promise<void> | undefined;
  private stopping = false;

  constructor(protected readonly options: PollerOptions) {
    this.reader = new ShardReader(options.kinesis, options.streamName);
    this.batchSize = Math.min(options.batchSize ?? 100, 10_000);
    this.maxRetries = options.maxRetries ?? 3;
  }

  /** Reads one batch from every shard and invokes the handler; returns the records read. */
  async pollOnce(): Promise<number> {
    const info = await this.reader.describe();
    this.streamArn = info.streamArn;
    for (const shardId of info.shardIds) {
      if (!this.cursors.has(shardId)) {
        this.cursors.set(shardId, {
          shardId,
          position: { type: 'TRIM_HORIZON' },
          failedAttempts: 0,
          ended: false,
        });
      }
    }
    const active = [...this.cursors.values()].filter((c) => !c.ended);
    const counts = await Promise.all(active.map((cursor) => this.pollShard(cursor)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Processes everything in the stream now, then finishes what is open (windows). */
  async drain(): Promise<void> {
    while ((await this.pollOnce()) > 0) {
      // keep reading until every shard is caught up
    }
    await this.finish();
  }

  /** Polls continuously, pausing `idleMs` whenever the stream is caught up. */
  start(idleMs = 100): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        let read = 0;
        try {
          read = await this.pollOnce();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (read === 0 && !this.stopping) await new Promise((r) => setTimeout(r, idleMs));
      }
    })();
  }

  /** Ends the continuous loop after its current round. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.loop = undefined;
  }

  /** Reads the shard's next batch from its position, counting the records read. */
  protected async readBatch(cursor: ShardCursor): Promise<ShardRead> {
    const read = await this.reader.read(
      cursor.shardId,
      cursor.position,
      this.batchSize,
      this.streamArn,
    );
    this.stats.records += read.records.length;
    return read;
  }

  /** Moves the shard past `sequenceNumber`: those records are done, or given up on. */
  protected moveAfter(cursor: ShardCursor, sequenceNumber: string): void {
    cursor.position = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber };
    cursor.failedAttempts = 0;
  }

  protected async sendToFailureSink(failure: Omit<PollerFailure, 'streamName'>): Promise<void> {
    this.stats.failedRecords += failure.records.length;
    await this.options.onFailure?.({ streamName: this.options.streamName, ...failure });
  }

  /** Calls `invoke` until it returns, retrying a throw up to `maxRetries` times. */
  protected async invokeWithRetries<T>(
    invoke: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
    let error = '';
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      this.stats.invocations++;
      try {
        return { ok: true, value: await invoke() };
      } catch (e) {
        error = errorMessage(e);
      }
    }
    return { ok: false, error };
  }

  protected abstract pollShard(cursor: ShardCursor): Promise<number>;

  /** Called by `drain()` once every shard is caught up. */
  protected async finish(): Promise<void> {
    // nothing to finish for plain batches
  }
}
