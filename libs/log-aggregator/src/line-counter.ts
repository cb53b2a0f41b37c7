import type { KinesisTumblingWindowEvent, Logger, RateLimiter } from '@fleetlog/aws-kit';
import {
  bomLength,
  forEachLine,
  scanAgentJson,
  scanAgentRecord,
  type CompiledLogFormat,
  type LogFields,
} from '@fleetlog/log-schema';
import {
  CLOUDWATCH_MAX_FUTURE_MS,
  UNKNOWN_APPLICATION,
  bucketStartMs,
} from '@fleetlog/pipeline-config';
import { ClientSpellings, type HostLookup } from '@fleetlog/reference-data';
import { decodePayload, utf8Text } from './payload';
import type { WindowAggregate } from './window-aggregate';

const MAX_SAMPLE_CHARS = 300;
export const FUTURE_TIMESTAMP_REASON = 'timestamp in the future';

/** What counting lines needs from the handler. */
export interface LineCounterOptions {
  /** The compiled format of raw lines. */
  logFormat: CompiledLogFormat;
  logger: Logger;
  /** Clock, epoch ms: the future-timestamp limit and the malformed bucket of a bad window. */
  now: () => number;
  /** Malformed-line samples allowed to the log. */
  samples: RateLimiter;
  /** Called with the reason of every malformed line. */
  onMalformed?: (reason: string) => void;
  /** Called with the client (canonical spelling) and application of every line counted. */
  onCounted?: (host: string, applicationName: string) => void;
}

/** Counts the lines of an event's records into a window: the handler's hot loop. */
export type LineCounter = (
  event: KinesisTumblingWindowEvent,
  agg: WindowAggregate,
  lookup: HostLookup,
) => void;

/**
 * The line counter of one handler: every line of every record (raw, LOGTOJSON or gzip) counted
 * per (event-time minute, application) (ARCHITECTURE.md section 2), malformed ones counted in the
 * window's start minute and sampled to the log.
 */
export function createLineCounter(options: LineCounterOptions): LineCounter {
  const { logFormat, logger, now, samples, onCounted } = options;
  // Reused for every line: the hot loop allocates no parse result.
  const fields: LogFields = { host: '', epochMs: 0, status: null, bytes: null };
  // IPv6 spelt several ways is one client (the SQL specification canonicalises too).
  const clients = new ClientSpellings();

  return function countRecords(
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
      options.onMalformed?.(error);
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
      const applicationName =
        attribution === undefined ? UNKNOWN_APPLICATION : attribution.applicationName;
      const client = clients.canonical(host);
      agg.addRequest(
        bucketStartMs(fields.epochMs),
        applicationName,
        attribution === undefined ? null : attribution.contact,
        client,
        fields.status,
        fields.bytes,
      );
      // One comparison per line when unused (the deployed handler passes none).
      if (onCounted !== undefined) onCounted(client, applicationName);
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
  };
}
