// The Firehose record transformation (ARCHITECTURE.md section 6e): each Kinesis record of the
// input stream (raw lines or LOGTOJSON objects, plain or gzip) becomes the archive records of its
// lines, with the partition keys of Firehose dynamic partitioning.
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { createLogger, type Logger, type RetryOptions } from '@fleetlog/aws-kit';
import { DEFAULT_REFERENCE_REFRESH_SECONDS, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { archiveJsonLine, type ArchiveRecord } from './archive-record';
import { createLineArchiver } from './line-archiver';
import { partitionOf } from './partition';
import { ReferenceMap } from '@fleetlog/reference-data';

const HOUR_MS = 3_600_000;

/** What createArchiveTransformHandler needs. */
export interface ArchiveTransformDeps {
  /** Reads the reference map (GetObject, conditional on the last ETag). */
  s3: S3Client;
  /** Bucket holding the reference map. */
  referenceBucket: string;
  /**
   * Key of the reference map in `referenceBucket`.
   * @default 'reference/HostApplicationMap.csv'
   */
  referenceKey?: string;
  /**
   * Least time between two ETag checks of the reference map, seconds.
   * @default 30
   */
  refreshSeconds?: number;
  /**
   * Format of raw lines, the aggregator's setting (a bad one throws here).
   * @default 'combined'
   */
  logFormat?: string;
  /**
   * Trusted proxy ranges, the aggregator's setting.
   * @default none
   */
  trustedProxies?: readonly string[];
  /**
   * Where warnings go.
   * @default createLogger('archive-transformer')
   */
  logger?: Logger;
  /**
   * Clock, epoch ms: map refresh and the future-timestamp limit.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Retries of the map's S3 reads.
   * @default { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000 }
   */
  retry?: Partial<RetryOptions>;
}

export type ArchiveTransformHandler = (
  event: FirehoseTransformationEvent,
) => Promise<FirehoseTransformationResult>;

/**
 * The partition instant of one Kinesis record's lines: Firehose gives each output record one set
 * of partition keys, so every line of a record goes to the hour of its earliest event time (the
 * arrival time when no line parsed). A line is thus never in a later hour than its own; queries
 * read one hour before their range (README, "Partitions").
 */
function partitionMs(records: readonly ArchiveRecord[], receivedMs: number): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const r of records) if (!r.malformed && r.epoch_ms < earliest) earliest = r.epoch_ms;
  return Number.isFinite(earliest) ? earliest : receivedMs;
}

/**
 * Creates the transformation handler. Every line comes out: a line that does not parse is an
 * archive record with `malformed: true` and its reason, and undecodable data is one malformed
 * record holding it as base64, so no record is ever `ProcessingFailed`. Only a map that cannot be
 * read (and never was) throws: Firehose retries the invocation, then delivers the records
 * untransformed under the error prefix (still not lost).
 */
export function createArchiveTransformHandler(deps: ArchiveTransformDeps): ArchiveTransformHandler {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? createLogger('archive-transformer');
  const archiver = createLineArchiver({
    logFormat: deps.logFormat,
    trustedProxies: deps.trustedProxies,
    now,
  });
  const referenceMap = new ReferenceMap({
    s3: deps.s3,
    bucket: deps.referenceBucket,
    key: deps.referenceKey ?? REFERENCE_KEYS.map,
    refreshMs: (deps.refreshSeconds ?? DEFAULT_REFERENCE_REFRESH_SECONDS) * 1000,
    logger,
    now,
    retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 5_000, ...deps.retry },
  });

  return async (event) => {
    const lookup = await referenceMap.current();
    let wide = 0;
    const records = event.records.map((input): FirehoseTransformationResultRecord => {
      const receivedMs =
        input.kinesisRecordMetadata?.approximateArrivalTimestamp ??
        input.approximateArrivalTimestamp;
      const rows = archiver.payload(Buffer.from(input.data, 'base64'), lookup, receivedMs);
      if (rows.length === 0) return { recordId: input.recordId, result: 'Dropped' };
      const at = partitionMs(rows, receivedMs);
      if (rows.some((r) => !r.malformed && r.epoch_ms - at >= HOUR_MS)) wide++;
      return {
        recordId: input.recordId,
        result: 'Ok',
        data: Buffer.from(rows.map(archiveJsonLine).join(''), 'utf8').toString('base64'),
        metadata: { partitionKeys: { ...partitionOf(at) } },
      };
    });
    if (wide > 0) {
      logger.warn('records whose lines span more than an hour: some lines sit over an hour early', {
        records: wide,
        invocationId: event.invocationId,
      });
    }
    return { records };
  };
}
