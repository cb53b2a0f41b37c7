import { ATHENA_MIN_BILLED_BYTES } from '@fleetlog/analytics-sql';
import { ARCHIVE_SETTINGS } from '@fleetlog/pipeline-config';
import type { CostInputs } from './inputs';
import { lambdaGbSeconds } from './lambda';
import type { PriceTable } from './prices';
import { pricedLine, type CostLine } from './report';
import { GB, KB, MB, SECONDS_PER_MONTH } from './units';

/** Firehose bills ingestion with each record rounded up to 5 KB. */
const FIREHOSE_RECORD_UNIT_BYTES = 5 * KB;
/** Firehose's buffer size with dynamic partitioning (infra/src/archive: the minimum, 64 MB). */
const FIREHOSE_BUFFER_BYTES = 64 * MB;
const SECONDS_PER_DAY = 86_400;
export const DAYS_PER_MONTH = SECONDS_PER_MONTH / SECONDS_PER_DAY;
/** Athena bills by the TB of 10^12 bytes. */
const TB = 1e12;

/**
 * What the archive (ARCHITECTURE.md section 6e) does in a month: Firehose reads every input
 * record, the transformation turns each line into a JSON line, Firehose partitions and gzips them
 * into one object per active partition per buffer interval, S3 keeps them (Standard, then
 * Standard-IA after `transitionDays`, deleted after `expirationDays`: ARCHIVE_SETTINGS), and each
 * drill-down scans one hour's partition of a day.
 */
export interface ArchiveUsage {
  /** Firehose's billed ingestion: each input record rounded up to 5 KB. */
  readonly ingestedGb: number;
  /** JSON lines the transformation returns, before gzip: what dynamic partitioning processes. */
  readonly partitionedGb: number;
  readonly objects: number;
  readonly transformerInvocations: number;
  readonly transformerGbSeconds: number;
  /** Gzip JSON kept, at steady state (the archive full to its expiry). */
  readonly standardGbMonth: number;
  readonly infrequentAccessGbMonth: number;
  readonly queries: number;
  /** Bytes one drill-down scans: one hour of the day's lines, gzip. */
  readonly bytesPerQuery: number;
}

/** The archive's month for `inputs`, at the deployed settings of ARCHIVE_SETTINGS. */
export function archiveUsage(
  inputs: CostInputs,
  inputRecords: number,
  recordBytes: number,
): ArchiveUsage {
  const lines = inputs.linesPerMonth;
  const jsonBytes = lines * inputs.archiveJsonLineBytes;
  const gzipBytes = lines * inputs.archiveGzipLineBytes;
  // One object per active partition (the current hour) per buffer flush, or per full buffer.
  const flushes = lines > 0 ? SECONDS_PER_MONTH / ARCHIVE_SETTINGS.bufferingIntervalSeconds : 0;
  const objects = Math.max(flushes, Math.ceil(jsonBytes / FIREHOSE_BUFFER_BYTES));
  const transformerInvocations = Math.ceil(
    (lines * inputs.lineBytes) / ARCHIVE_SETTINGS.transformerBatchBytes,
  );
  const gbPerDay = gzipBytes / DAYS_PER_MONTH / GB;
  const transition = ARCHIVE_SETTINGS.transitionDays;
  const expiry = ARCHIVE_SETTINGS.expirationDays;
  const standardDays = transition > 0 ? transition : expiry;
  const queries = inputs.drillDownsPerDay * DAYS_PER_MONTH;
  return {
    ingestedGb:
      (inputRecords *
        Math.ceil(recordBytes / FIREHOSE_RECORD_UNIT_BYTES) *
        FIREHOSE_RECORD_UNIT_BYTES) /
      GB,
    partitionedGb: jsonBytes / GB,
    objects,
    transformerInvocations,
    transformerGbSeconds: lambdaGbSeconds(
      ARCHIVE_SETTINGS.transformerMemoryMb,
      lines * inputs.transformerSecondsPerLine,
      (transformerInvocations * inputs.invocationOverheadMs) / 1000,
    ),
    standardGbMonth: gbPerDay * standardDays,
    infrequentAccessGbMonth: gbPerDay * (expiry - standardDays),
    queries,
    bytesPerQuery: gzipBytes / DAYS_PER_MONTH / 24,
  };
}

/** The archive's bill: Firehose, the transformation, S3 and Athena. */
export function archiveLines(archive: ArchiveUsage, prices: PriceTable): CostLine[] {
  const p = prices;
  const billedTb =
    (archive.queries * Math.max(archive.bytesPerQuery, ATHENA_MIN_BILLED_BYTES)) / TB;
  return [
    pricedLine(
      'Firehose',
      'ingestion (5 KB per record)',
      archive.ingestedGb,
      'GB',
      p.firehoseIngestionGb,
    ),
    pricedLine(
      'Firehose',
      'dynamic partitioning',
      archive.partitionedGb,
      'GB',
      p.firehosePartitioningGb,
    ),
    pricedLine(
      'Firehose',
      'partitioned objects',
      archive.objects,
      'objects',
      p.firehosePartitioningObjects,
      1000,
    ),
    pricedLine(
      'Lambda',
      'archive transformation requests',
      archive.transformerInvocations,
      'requests',
      p.lambdaRequests,
      1e6,
    ),
    pricedLine(
      'Lambda',
      'archive transformation (Arm)',
      archive.transformerGbSeconds,
      'GB-s',
      p.lambdaArmGbSecond,
    ),
    pricedLine('S3', 'archive PUT requests', archive.objects, 'requests', p.s3PutRequests, 1000),
    pricedLine(
      'S3',
      'archive storage (Standard)',
      archive.standardGbMonth,
      'GB-month',
      p.s3StorageGbMonth,
    ),
    pricedLine(
      'S3',
      'archive storage (Standard-IA)',
      archive.infrequentAccessGbMonth,
      'GB-month',
      p.s3InfrequentAccessGbMonth,
    ),
    pricedLine(
      'S3',
      'archive transitions to Standard-IA',
      ARCHIVE_SETTINGS.transitionDays > 0 ? archive.objects : 0,
      'requests',
      p.s3TransitionRequests,
      1000,
    ),
    pricedLine('Athena', 'drill-downs (one hour each)', billedTb, 'TB', p.athenaTbScanned),
  ];
}
