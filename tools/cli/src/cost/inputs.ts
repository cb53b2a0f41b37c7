import { DEPLOYMENT } from './deployment';

const { aggregator, publisher, lifecycleSync } = DEPLOYMENT.functions;

/** What a deployment handles in a month, and how it is configured. */
export interface CostInputs {
  linesPerMonth: number;
  /** Source applications with a CSV row; UNKNOWN is added on top. */
  apps: number;
  /** Input-stream shards; computed from the peak rate when absent. */
  shards?: number;
  /** Mean access-log line size, bytes (loggen's mix is about 200). */
  lineBytes: number;
  /** Log lines per Kinesis record: 1 for the Kinesis Agent, more when Fluent Bit packs lines. */
  linesPerRecord: number;
  /** Peak rate over the monthly mean, for shard and KPU sizing. */
  peakFactor: number;
  /** Aggregator handler CPU time per record on one full core, seconds (from `npm run bench`). */
  secondsPerRecord: number;
  /** Where `secondsPerRecord` came from, printed with the bill. */
  secondsPerRecordSource: string;
  /** Per-invocation wall time besides record work (S3 ETag check, PutRecords), ms. */
  invocationOverheadMs: number;
  aggregatorMemoryMb: number;
  aggregatorBatchSize: number;
  publisherMemoryMb: number;
  publisherBatchSize: number;
  publisherInvocationMs: number;
  lifecycleMemoryMb: number;
  lifecycleInvocationMs: number;
  lifecycleEventsPerMonth: number;
  /** Mean size of one output-stream aggregate record, bytes. */
  aggregateRecordBytes: number;
  /** KDA SQL / Flink sizing assumption: input MB/s one KPU keeps up with. */
  kpuMegabytesPerSecond: number;
  /**
   * Share of output-stream records the publisher is given again (a retried batch, a partly
   * failed PutRecords, a duplicate delivery): each costs the ledger a failed conditional write and
   * two consistent reads. A stated assumption, 0 to 1.
   */
  redeliveredShare: number;
  /** Mean size of one archived JSON line before gzip (the parsed fields and their keys), bytes. */
  archiveJsonLineBytes: number;
  /** Mean size of one archived line after gzip, bytes (libs/archive/README.md measures about 14). */
  archiveGzipLineBytes: number;
  /** The archive transformation's CPU time per line on one full core, seconds. */
  transformerSecondsPerLine: number;
  /** Athena drill-downs a day, each over one hour of one day's archive. */
  drillDownsPerDay: number;
}

/**
 * Memory and batch sizes are the deployed ones (@fleetlog/pipeline-config's PIPELINE_FUNCTIONS);
 * the measured figures are overridden from bench results; the rest are stated assumptions.
 */
export const DEFAULT_INPUTS: Omit<CostInputs, 'linesPerMonth'> = {
  apps: 10,
  lineBytes: 200,
  linesPerRecord: 1,
  peakFactor: 3,
  // 1 / 950,000 records/s: `npm run bench` on this repo's machine, 2026-11-24 (tools/bench/README.md).
  secondsPerRecord: 1 / 950_000,
  secondsPerRecordSource: 'default (tools/bench/README.md measurement)',
  invocationOverheadMs: 20,
  aggregatorMemoryMb: aggregator.memorySizeMb,
  aggregatorBatchSize: aggregator.batchSize,
  publisherMemoryMb: publisher.memorySizeMb,
  publisherBatchSize: publisher.batchSize,
  publisherInvocationMs: 60,
  lifecycleMemoryMb: lifecycleSync.memorySizeMb,
  lifecycleInvocationMs: 800,
  lifecycleEventsPerMonth: 3000,
  aggregateRecordBytes: 600,
  kpuMegabytesPerSecond: 1,
  redeliveredShare: 0.01,
  // The line's fields as JSON strings plus their snake_case keys and the time twice: a stated
  // assumption for loggen's 200-byte mix.
  archiveJsonLineBytes: 450,
  // libs/archive/README.md: 1,000,000 generated lines made 14 MB of gzip JSON.
  archiveGzipLineBytes: 14,
  // libs/archive/README.md: parse, attribute and write JSON about 2.6 times the aggregator's
  // per-line scan; 10 us a line leaves room for a loaded machine's measurement.
  transformerSecondsPerLine: 10e-6,
  drillDownsPerDay: 20,
};

const POSITIVE: readonly (keyof CostInputs)[] = [
  'lineBytes',
  'linesPerRecord',
  'peakFactor',
  'aggregatorBatchSize',
  'publisherBatchSize',
  'aggregateRecordBytes',
  'kpuMegabytesPerSecond',
  'aggregatorMemoryMb',
  'publisherMemoryMb',
  'lifecycleMemoryMb',
  'archiveJsonLineBytes',
  'archiveGzipLineBytes',
];
const NON_NEGATIVE: readonly (keyof CostInputs)[] = [
  'linesPerMonth',
  'apps',
  'secondsPerRecord',
  'invocationOverheadMs',
  'publisherInvocationMs',
  'lifecycleInvocationMs',
  'lifecycleEventsPerMonth',
  'transformerSecondsPerLine',
  'drillDownsPerDay',
];
/** An invocation that runs past its function's timeout fails: it cannot be priced as done. */
const WITHIN_TIMEOUT: readonly [keyof CostInputs, number][] = [
  ['publisherInvocationMs', publisher.timeoutSeconds * 1000],
  ['lifecycleInvocationMs', lifecycleSync.timeoutSeconds * 1000],
];

/** Throws a RangeError naming the first impossible input. */
export function validateInputs(inputs: CostInputs): void {
  for (const key of POSITIVE) {
    const v = inputs[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new RangeError(`${key} must be a positive number, got ${String(v)}`);
  }
  for (const key of NON_NEGATIVE) {
    const v = inputs[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new RangeError(`${key} must be a number >= 0, got ${String(v)}`);
  }
  for (const [key, timeoutMs] of WITHIN_TIMEOUT) {
    const v = inputs[key] as number;
    if (v > timeoutMs)
      throw new RangeError(
        `${key} must be at most the function's timeout, ${timeoutMs} ms, got ${v}`,
      );
  }
  const share = inputs.redeliveredShare;
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new RangeError(`redeliveredShare must be a number from 0 to 1, got ${String(share)}`);
  }
  if (inputs.shards !== undefined && (!Number.isInteger(inputs.shards) || inputs.shards < 1)) {
    throw new RangeError(`shards must be a whole number >= 1, got ${inputs.shards}`);
  }
}
