import { randomUUID } from 'node:crypto';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  AWS_CALL_ATTEMPT_MS,
  DeadlineReached,
  InvocationDeadline,
  RateLimiter,
  createLogger,
  type InvocationContext,
  type KinesisTumblingWindowEvent,
  type Logger,
  type RetryOptions,
  type TumblingWindowResponse,
} from '@fleetlog/aws-kit';
import { DEFAULT_LOG_FORMAT, compileLogFormat } from '@fleetlog/log-schema';
import { DEFAULT_REFERENCE_REFRESH_SECONDS, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { createLineCounter } from './line-counter';
import { ReferenceMap } from '@fleetlog/reference-data';
import { DEFAULT_MAX_STATE_BYTES, FLUSH_AHEAD_SHARE, oldestBucketsOver } from './state-budget';
import { decodeState, encodeState, type DecodedState } from './state-codec';
import { DEFAULT_TOP_HOST_COUNTERS, WindowAggregate } from './window-aggregate';
import { flushEarly, flushWindow, type FlushTarget } from './window-flush';
import type { AggregatorState, EmptyState } from './window-state';

export { flushIdOf } from './window-flush';
export { FUTURE_TIMESTAMP_REASON } from './line-counter';

/** What createAggregatorHandler needs: the AWS clients, where things are, and tuning knobs. */
export interface AggregatorDeps {
  /** Reads the reference map (GetObject, conditional on the last ETag). */
  s3: S3Client;
  /** Writes the output-stream records (ARCHITECTURE.md section 4) to the output stream (PutRecords). */
  kinesis: KinesisClient;
  /** Bucket holding the reference map. */
  referenceBucket: string;
  /**
   * Key of the reference map in `referenceBucket`.
   * @default 'reference/HostApplicationMap.csv'
   */
  referenceKey?: string;
  /** Output stream the aggregate records are written to. */
  outputStreamName: string;
  /**
   * Least time between two ETag checks of the reference map, seconds.
   * @default 30
   */
  refreshSeconds?: number;
  /**
   * Where warnings (malformed-line samples, a missing map) and flush summaries go.
   * @default createLogger('log-aggregator')
   */
  logger?: Logger;
  /**
   * Clock, epoch ms: reference-map refresh, the future-timestamp limit, log sampling.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Retries of S3 reads and PutRecords (transient errors and failed entries only).
   * @default { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000 }
   */
  retry?: Partial<RetryOptions>;
  /**
   * Space-Saving counters per (bucket, application), of which `topHosts` shows the heaviest: a
   * host with more than 1/n of its group's requests always holds one.
   * @default 32
   */
  topHostCounters?: number;
  /**
   * Malformed-line samples logged per minute; the rest are only counted.
   * @default 10
   */
  malformedSamplesPerMinute?: number;
  /**
   * Called with the reason of every malformed line (the local replay tallies them).
   * @default none
   */
  onMalformed?: (reason: string) => void;
  /**
   * Called with the client (canonical spelling) and application of every line counted (the local
   * replay tallies the run-wide heaviest unknown callers from it). Costs one comparison per line
   * when absent.
   * @default none
   */
  onCounted?: (host: string, applicationName: string) => void;
  /**
   * Format of raw lines: a preset (`combined`, `common`, `vhost_combined`, `combined_xff`), an
   * Apache `LogFormat` or an nginx `log_format` string. A bad one throws here, with its position.
   * @default 'combined'
   */
  logFormat?: string;
  /**
   * CIDR blocks of the proxies in front of the web servers (e.g. an ALB's VPC range): the client
   * is the right-most X-Forwarded-For address outside them. Needs a format with that field.
   * @default none: the client is `%h`
   */
  trustedProxies?: readonly string[];
  /**
   * Most JSON bytes of window state returned between invocations. Above half of it, an invocation
   * first writes out the oldest minutes of the state it was given; a batch that still takes the
   * state over it has its oldest minutes written out before returning (README, "Bounded window
   * state").
   * @default DEFAULT_MAX_STATE_BYTES (nine tenths of TUMBLING_WINDOW_MAX_STATE_BYTES, 1 MB)
   */
  maxStateBytes?: number;
  /**
   * Time kept free before the function's deadline (with a Lambda context): no PutRecords call, and
   * no backoff before one, starts with less left.
   * @default AGGREGATOR_DEADLINE_MARGIN_MS (one attempt of one call, 3,000 ms)
   */
  deadlineMarginMs?: number;
}

/**
 * Time the aggregator keeps free before its deadline, ms (ARCHITECTURE.md section 6c): one
 * attempt of the PutRecords call it lets start (the app's Kinesis client makes one SDK attempt;
 * putAggregateRecords retries within the deadline), so Lambda never kills it mid-call.
 */
export const AGGREGATOR_DEADLINE_MARGIN_MS = AWS_CALL_ATTEMPT_MS;

/** Every invocation's answer: the window state to carry on (`{}` after a flush), no failures. */
export type AggregatorResponse = TumblingWindowResponse<AggregatorState | EmptyState>;
/**
 * The Lambda handler body: one tumbling-window invocation of one shard. With the Lambda context it
 * keeps to the function's deadline; without one (local runs, specs) there is none.
 */
export type AggregatorHandler = (
  event: KinesisTumblingWindowEvent,
  context?: InvocationContext,
) => Promise<AggregatorResponse>;

/** Live windows kept per container (one per shard it serves). */
const MAX_CACHED_WINDOWS = 16;

interface LiveWindow extends Restored {
  windowStart: string;
  rev: string;
}

/** A window as an invocation starts it, and the JSON bytes of the state it came from. */
interface Restored extends DecodedState {
  bytes: number;
}

/**
 * The aggregation engine: counts each record's log lines per (event-time bucket, application)
 * into the tumbling-window state and, on the window's final (or early-terminated) invocation,
 * writes the output-stream records (ARCHITECTURE.md section 4) to the output stream.
 */
export function createAggregatorHandler(deps: AggregatorDeps): AggregatorHandler {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? createLogger('log-aggregator');
  const retry: RetryOptions = { attempts: 5, baseDelayMs: 100, maxDelayMs: 5_000, ...deps.retry };
  const topHostCounters = deps.topHostCounters ?? DEFAULT_TOP_HOST_COUNTERS;
  const maxStateBytes = deps.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES;
  const flushAheadBytes = Math.floor(maxStateBytes * FLUSH_AHEAD_SHARE);
  // Compiled before anything else: a bad format fails the function's init, not every batch.
  const logFormat = compileLogFormat(deps.logFormat ?? DEFAULT_LOG_FORMAT, {
    trustedProxies: deps.trustedProxies,
  });
  const referenceMap = new ReferenceMap({
    s3: deps.s3,
    bucket: deps.referenceBucket,
    key: deps.referenceKey ?? REFERENCE_KEYS.map,
    refreshMs: (deps.refreshSeconds ?? DEFAULT_REFERENCE_REFRESH_SECONDS) * 1000,
    logger,
    now,
    retry,
  });
  const countRecords = createLineCounter({
    logFormat,
    logger,
    now,
    samples: new RateLimiter(deps.malformedSamplesPerMinute ?? 10, 60_000, now),
    onMalformed: deps.onMalformed,
    onCounted: deps.onCounted,
  });
  const containerId = randomUUID().slice(0, 8);
  let revCounter = 0;
  // Live structures by shard: a warm container skips rebuilding them from the JSON state when
  // the incoming state is exactly the one it returned last time (same rev).
  const live = new Map<string, LiveWindow>();

  function restore(event: KinesisTumblingWindowEvent): Restored {
    const cached = live.get(event.shardId);
    // Whatever happens next mutates the live structures: drop them until this call succeeds.
    live.delete(event.shardId);
    const state = event.state;
    if (state === undefined || state === null || Object.keys(state).length === 0) {
      return { agg: new WindowAggregate(topHostCounters), early: 0, bytes: 0 };
    }
    if (
      cached !== undefined &&
      cached.windowStart === event.window.start &&
      cached.rev === state['rev']
    ) {
      return cached;
    }
    return {
      ...decodeState(state, topHostCounters),
      bytes: Buffer.byteLength(JSON.stringify(state)),
    };
  }

  const baseTarget: FlushTarget = {
    kinesis: deps.kinesis,
    outputStreamName: deps.outputStreamName,
    retry,
    logger,
  };

  return async (event, context) => {
    const deadline = new InvocationDeadline(
      context,
      deps.deadlineMarginMs ?? AGGREGATOR_DEADLINE_MARGIN_MS,
    );
    try {
      return await invoke(event, { ...baseTarget, deadline });
    } catch (error) {
      if (error instanceof DeadlineReached) {
        // A tumbling window has no records to report on its final invocation: failing it is the
        // contract's way to say "not done", and Lambda retries it with the same state (README).
        logger.warn(
          `${error.message}: the invocation fails and Lambda retries it with the same state; records already written are sent again under the same flushId`,
          {
            shardId: event.shardId,
            window: event.window,
            final: event.isFinalInvokeForWindow,
            remainingMs: deadline.remainingMs(),
          },
        );
      }
      throw error;
    }
  };

  async function invoke(
    event: KinesisTumblingWindowEvent,
    target: FlushTarget,
  ): Promise<AggregatorResponse> {
    const restored = restore(event);
    const { agg } = restored;
    let { early } = restored;
    const closing = event.isFinalInvokeForWindow || event.isWindowTerminatedEarly;
    if (event.isWindowTerminatedEarly) {
      // The budget keeps the state under Lambda's limit, so this means Lambda weighed it otherwise.
      logger.warn('window terminated early by Lambda: flushing it whole', {
        shardId: event.shardId,
        window: event.window,
        stateBytes: restored.bytes,
        maxStateBytes,
      });
    }
    // Over half the budget: the oldest minutes of the state Lambda committed go out first, so a
    // retry of this invocation writes the same records under the same flushId.
    if (!closing && restored.bytes > flushAheadBytes) {
      early = await shrink(target, event, agg, early, flushAheadBytes, 'before counting');
    }
    const records = event.Records ?? [];
    if (records.length > 0) {
      countRecords({ ...event, Records: records }, agg, await referenceMap.current());
    }
    if (closing) {
      await flushWindow(target, event, agg);
      return { state: {}, batchItemFailures: [] };
    }
    const rev = `${containerId}-${++revCounter}`;
    let encoded = encodeState(agg, rev, early);
    if (encoded.bytes > maxStateBytes) {
      // One batch added more than the other half of the budget: its oldest minutes go out now.
      early = await shrink(target, event, agg, early, flushAheadBytes, 'after counting');
      encoded = encodeState(agg, rev, early);
    }
    if (live.size >= MAX_CACHED_WINDOWS) live.delete(live.keys().next().value as string);
    live.set(event.shardId, {
      windowStart: event.window.start,
      rev,
      agg,
      early,
      bytes: encoded.bytes,
    });
    return { state: encoded.state, batchItemFailures: [] };
  }

  /** Writes out the oldest minutes until the state fits `targetBytes`; the new early count. */
  async function shrink(
    target: FlushTarget,
    event: KinesisTumblingWindowEvent,
    agg: WindowAggregate,
    early: number,
    targetBytes: number,
    stage: 'before counting' | 'after counting',
  ): Promise<number> {
    const encoded = encodeState(agg, '', early);
    const oldest = oldestBucketsOver(encoded, targetBytes);
    if (oldest.length === 0) return early;
    const why = { stateBytes: encoded.bytes, targetBytes, stage };
    return flushEarly(target, event, agg, oldest, early, why);
  }
}
