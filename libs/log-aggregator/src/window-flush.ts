import { createHash } from 'node:crypto';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type {
  InvocationDeadline,
  KinesisTumblingWindowEvent,
  Logger,
  RetryOptions,
} from '@fleetlog/aws-kit';
import { bucketBounds } from '@fleetlog/pipeline-config';
import { putAggregateRecords } from './output-writer';
import type { WindowAggregate } from './window-aggregate';

/** Where a window's records go. */
export interface FlushTarget {
  kinesis: KinesisClient;
  outputStreamName: string;
  retry: RetryOptions;
  logger: Logger;
  /** The invocation's deadline: no PutRecords starts within its margin. */
  deadline?: InvocationDeadline;
}

/** Same flush, same id: a hash of the shard, the window and the window's first record. */
export function flushIdOf(shardId: string, windowStart: string, firstSeq: string | null): string {
  return hashId(`${shardId}\n${windowStart}\n${firstSeq ?? ''}`);
}

/**
 * The id of the window's `ordinal`-th early flush (its oldest minutes written out to keep the
 * state under its budget): distinct from the final flush's and from every other early flush's,
 * and the same when an invocation is retried from the same state.
 */
export function earlyFlushIdOf(
  shardId: string,
  windowStart: string,
  firstSeq: string | null,
  ordinal: number,
): string {
  return hashId(`${shardId}\n${windowStart}\n${firstSeq ?? ''}\nearly ${ordinal}`);
}

function hashId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The window's final flush: every bucket it holds (ARCHITECTURE.md section 4 records). */
export async function flushWindow(
  target: FlushTarget,
  event: KinesisTumblingWindowEvent,
  agg: WindowAggregate,
): Promise<void> {
  const { logger } = target;
  if (agg.isEmpty) {
    logger.info('window closed with nothing to flush', {
      shardId: event.shardId,
      window: event.window,
    });
    return;
  }
  const flushId = flushIdOf(event.shardId, event.window.start, agg.firstSeq);
  const records = agg.toAggregateRecords({ shardId: event.shardId, flushId });
  const { calls } = await put(target, records);
  logger.info('window flushed', {
    shardId: event.shardId,
    window: event.window,
    flushId,
    records: records.length,
    putRecordsCalls: calls,
    terminatedEarly: event.isWindowTerminatedEarly,
  });
}

/**
 * Writes out the given (oldest) buckets as a partial of their own and forgets them, so the state
 * shrinks; consumers sum partials (ARCHITECTURE.md section 2), so totals do not change. Returns
 * the window's early flush count after this one.
 */
export async function flushEarly(
  target: FlushTarget,
  event: KinesisTumblingWindowEvent,
  agg: WindowAggregate,
  bucketKeys: readonly number[],
  early: number,
  why: { stateBytes: number; targetBytes: number; stage: 'before counting' | 'after counting' },
): Promise<number> {
  const flushId = earlyFlushIdOf(event.shardId, event.window.start, agg.firstSeq, early);
  const records = agg.toAggregateRecords({ shardId: event.shardId, flushId }, bucketKeys);
  const { calls } = await put(target, records);
  agg.removeBuckets(bucketKeys);
  target.logger.warn('window state over budget: oldest minutes flushed early', {
    shardId: event.shardId,
    window: event.window,
    flushId,
    ...why,
    minutes: bucketKeys.length,
    from: bucketBounds(bucketKeys[0]).windowStart,
    to: bucketBounds(bucketKeys[bucketKeys.length - 1]).windowEnd,
    records: records.length,
    putRecordsCalls: calls,
  });
  return early + 1;
}

function put(target: FlushTarget, records: Parameters<typeof putAggregateRecords>[2]) {
  return putAggregateRecords(
    target.kinesis,
    target.outputStreamName,
    records,
    target.retry,
    target.deadline,
  );
}
