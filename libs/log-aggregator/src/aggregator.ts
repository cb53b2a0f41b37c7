import { createHash, randomUUID } from 'node:crypto';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  RateLimiter,
  createLogger,
  type KinesisTumblingWindowEvent,
  type Logger,
  type RetryOptions,
  type TumblingWindowResponse,
} from '@fleetlog/aws-kit';
import {
  DEFAULT_LOG_FORMAT,
  bomLength,
  compileLogFormat,
  scanAgentJson,
  scanAgentRecord,
  type LogFields,
} from '@fleetlog/log-schema';
import {
  CLOUDWATCH_MAX_FUTURE_MS,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  REFERENCE_KEYS,
  UNKNOWN_APPLICATION,
  bucketStartMs,
} from '@fleetlog/pipeline-config';
import { ClientSpellings, type HostLookup } from '@fleetlog/reference-data';
import { putAggregateRecords } from './output-writer';
import { decodePayload, forEachLine, utf8Text } from './payload';
import { ReferenceMap } from './reference-map';
import { decodeState, encodeState, type DecodedState } from './state-codec';
import { DEFAULT_TOP_HOST_COUNTERS, WindowAggregate } from './window-aggregate';
import type { AggregatorState, EmptyState } from './window-state';

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
}

/** Every invocation's answer: the window state to carry on (`{}` after a flush), no failures. */
export type AggregatorResponse = TumblingWindowResponse<AggregatorState | EmptyState>;
/** The Lambda handler body: one tumbling-window invocation of one shard. */
export type AggregatorHandler = (event: KinesisTumblingWindowEvent) => Promise<AggregatorResponse>;

const MAX_SAMPLE_CHARS = 300;
export const FUTURE_TIMESTAMP_REASON = 'timestamp in the future';
/** Live windows kept per container (one per shard it serves). */
const MAX_CACHED_WINDOWS = 16;

interface LiveWindow extends DecodedState {
  windowStart: string;
  rev: string;
}

/** Same flush, same id: a hash of the shard, the window and the window's first record. */
export function flushIdOf(shardId: string, windowStart: string, firstSeq: string | null): string {
  return createHash('sha256')
    .update(`${shardId}\n${windowStart}\n${firstSeq ?? ''}`)
    .digest('hex')
    .slice(0, 32);
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
  const samples = new RateLimiter(deps.malformedSamplesPerMinute ?? 10, 60_000, now);
  const containerId = randomUUID().slice(0, 8);
  let revCounter = 0;
  // Live structures by shard: a warm container skips rebuilding them from the JSON state when
  // the incoming state is exactly the one it returned last time (same rev).
  const live = new Map<string, LiveWindow>();
  // Reused for every line: the hot loop allocates no parse result.
  const fields: LogFields = { host: '', epochMs: 0, status: null, bytes: null };
  // IPv6 spelt several ways is one client (the SQL specification canonicalises too).
  const clients = new ClientSpellings();

  function restore(event: KinesisTumblingWindowEvent): DecodedState {
    const cached = live.get(event.shardId);
    // Whatever happens next mutates the live structures: drop them until this call succeeds.
    live.delete(event.shardId);
    const state = event.state;
    if (state === undefined || state === null || Object.keys(state).length === 0) {
      return { agg: new WindowAggregate(topHostCounters), early: 0 };
    }
    if (
      cached !== undefined &&
      cached.windowStart === event.window.start &&
      cached.rev === state['rev']
    ) {
      return cached;
    }
    return decodeState(state, topHostCounters);
  }

  function countRecords(
    event: KinesisTumblingWindowEvent,
    agg: WindowAggregate,
    lookup: HostLookup,
  ): void {
    const windowMs = Date.parse(event.window.start);
    // Malformed lines have no event time: they go to the bucket of the Lambda window's start.
    const malformedBucket = bucketStartMs(Number.isFinite(windowMs) ? windowMs : now());
    let sequenceNumber = '';
    // CloudWatch would refuse a point this far ahead: the line is malformed here, counted where it
    // can be seen (a wrong clock, a broken line).
    const futureLimitMs = now() + CLOUDWATCH_MAX_FUTURE_MS;
    const onMalformed = (error: string, line: string): void => {
      agg.addMalformed(malformedBucket);
      deps.onMalformed?.(error);
      if (samples.tryAcquire()) {
        logger.warn('malformed log line', {
          error,
          line: utf8Text(line.length > MAX_SAMPLE_CHARS ? line.slice(0, MAX_SAMPLE_CHARS) : line),
          shardId: event.shardId,
          sequenceNumber,
        });
      }
    };
    const onLine = (text: string, lineStart: number, end: number): void => {
      // A BOM at the start of a file (or record) is not part of the line.
      const start = lineStart + bomLength(text, lineStart);
      let error: string | null = null;
      if (text.charCodeAt(start) === 123 /* '{' */) {
        // Plain agent records are read in place; anything the fast path does not decide (escapes,
        // odd numbers, invalid records...) takes JSON.parse, which gives the error messages.
        if (!scanAgentJson(text, start, end, fields)) {
          const line = text.slice(start, end);
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch (e) {
            onMalformed(`invalid JSON: ${(e as Error).message}`, line);
            return;
          }
          error = scanAgentRecord(parsed, fields);
        }
      } else {
        error = logFormat.scan(text.slice(start, end), fields);
      }
      if (error === null && !Number.isFinite(fields.epochMs)) error = 'timestamp out of range';
      if (error === null && fields.epochMs > futureLimitMs) error = FUTURE_TIMESTAMP_REASON;
      if (error !== null) {
        onMalformed(error, text.slice(start, end));
        return;
      }
      const host = fields.host;
      const attribution = lookup.get(host);
      agg.addRequest(
        bucketStartMs(fields.epochMs),
        attribution === undefined ? UNKNOWN_APPLICATION : attribution.applicationName,
        attribution === undefined ? null : attribution.contact,
        clients.canonical(host),
        fields.status,
        fields.bytes,
      );
    };

    for (const record of event.Records) {
      sequenceNumber = record.kinesis.sequenceNumber;
      agg.firstSeq ??= sequenceNumber;
      const payload = decodePayload(record.kinesis.data);
      if (!payload.ok) {
        onMalformed(payload.error, record.kinesis.data.slice(0, MAX_SAMPLE_CHARS));
        continue;
      }
      forEachLine(payload.text, onLine);
    }
    const suppressed = samples.takeSuppressed();
    if (suppressed > 0) {
      logger.warn('further malformed log lines not sampled', {
        suppressed,
        shardId: event.shardId,
      });
    }
  }

  async function flush(event: KinesisTumblingWindowEvent, agg: WindowAggregate): Promise<void> {
    if (agg.isEmpty) {
      logger.info('window closed with nothing to flush', {
        shardId: event.shardId,
        window: event.window,
      });
      return;
    }
    const flushId = flushIdOf(event.shardId, event.window.start, agg.firstSeq);
    const records = agg.toAggregateRecords({ shardId: event.shardId, flushId });
    const { calls } = await putAggregateRecords(
      deps.kinesis,
      deps.outputStreamName,
      records,
      retry,
    );
    logger.info('window flushed', {
      shardId: event.shardId,
      window: event.window,
      flushId,
      records: records.length,
      putRecordsCalls: calls,
      terminatedEarly: event.isWindowTerminatedEarly,
    });
  }

  return async (event) => {
    const { agg, early } = restore(event);
    const records = event.Records ?? [];
    if (records.length > 0) {
      countRecords({ ...event, Records: records }, agg, await referenceMap.current());
    }
    if (event.isFinalInvokeForWindow || event.isWindowTerminatedEarly) {
      await flush(event, agg);
      return { state: {}, batchItemFailures: [] };
    }
    const rev = `${containerId}-${++revCounter}`;
    if (live.size >= MAX_CACHED_WINDOWS) live.delete(live.keys().next().value as string);
    live.set(event.shardId, { windowStart: event.window.start, rev, agg, early });
    return { state: encodeState(agg, rev, early).state, batchItemFailures: [] };
  };
}
