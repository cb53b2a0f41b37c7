import { WINDOW_SECONDS } from '@fleetlog/pipeline-config';
import { HOURS_PER_MONTH, PRICES } from './prices';
import type { PriceTable } from './prices';

/** What a deployment handles in a month, and how it is configured (infra/src/fleetlog-stack.ts). */
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
}

/** Defaults match infra/src/fleetlog-stack.ts; the measured figures are overridden from bench results. */
export const DEFAULT_INPUTS: Omit<CostInputs, 'linesPerMonth'> = {
  apps: 10,
  lineBytes: 200,
  linesPerRecord: 1,
  peakFactor: 3,
  // 1 / 950,000 records/s: `npm run bench` on this repo's machine, 2026-11-24 (tools/bench/README.md).
  secondsPerRecord: 1 / 950_000,
  secondsPerRecordSource: 'default (tools/bench/README.md measurement)',
  invocationOverheadMs: 20,
  aggregatorMemoryMb: 512,
  aggregatorBatchSize: 1000,
  publisherMemoryMb: 192,
  publisherBatchSize: 200,
  publisherInvocationMs: 60,
  lifecycleMemoryMb: 256,
  lifecycleInvocationMs: 800,
  lifecycleEventsPerMonth: 3000,
  aggregateRecordBytes: 600,
  kpuMegabytesPerSecond: 1,
};

export interface CostLine {
  group: 'Lambda' | 'Kinesis on-demand' | 'Kinesis provisioned' | 'CloudWatch' | 'S3' | 'SQS';
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface AlternativeCost {
  name: string;
  kpus: number;
  /** Compute that replaces the aggregator Lambda. */
  computeUsd: number;
  /** The same streams, publisher, metrics and storage as fleetlog, plus the compute. */
  totalUsd: number;
  detail: string;
}

export interface CostReport {
  inputs: CostInputs;
  shards: number;
  derived: {
    inputRecords: number;
    aggregatorInvocations: number;
    aggregatorGbSeconds: number;
    aggregateRecords: number;
    publisherInvocations: number;
    metricDataPoints: number;
    putMetricDataCalls: number;
    customMetrics: number;
    alarms: number;
    peakMegabytesPerSecond: number;
  };
  lines: CostLine[];
  /** Everything but Kinesis, which is billed one of two ways. */
  commonUsd: number;
  onDemandUsd: number;
  provisionedUsd: number;
  /** The cheaper Kinesis mode's total. */
  totalUsd: number;
  kinesisMode: 'on-demand' | 'provisioned';
  alternatives: AlternativeCost[];
}

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const WINDOWS_PER_MONTH = SECONDS_PER_MONTH / WINDOW_SECONDS;
const KB = 1024;
const GB = 1024 ** 3;
const MB = 1024 ** 2;
/** Lambda gives one full vCPU at 1,769 MB; below that, CPU share is proportional to memory. */
const FULL_VCPU_MB = 1769;
/** RequestCount, Http4xxCount, Http5xxCount, BytesSent per application (ARCHITECTURE 6). */
const METRICS_PER_APP = 4;
/** MalformedLines, LogRecords (per partial) and LifecycleSyncFailures. */
const PIPELINE_METRICS = 3;
const PIPELINE_METRICS_PER_PARTIAL = 2;
/** infra/src/constructs/alarms.ts: 2 on fleetlog metrics, 2 iterator age, 3 errors, 3 queues. */
const ALARMS = 10;
const DASHBOARDS = 1;
const MAX_DATA_POINTS_PER_CALL = 1000;
/** Provisioned shard limits per second. */
const SHARD_BYTES_PER_SECOND = MB;
const SHARD_RECORDS_PER_SECOND = 1000;
const PUT_PAYLOAD_UNIT_BYTES = 25 * KB;
const OUTPUT_SHARDS = 1;
const STREAMS = 2;
/** Conditional GET of the reference map every 30 s per warm aggregator (one per shard). */
const REFERENCE_CHECKS_PER_SHARD = SECONDS_PER_MONTH / 30;
/** Per lifecycle event: read map, static hosts, sync state; write map and sync state. */
const LIFECYCLE_GETS = 3;
const LIFECYCLE_PUTS = 2;
/** The reference CSV and sync state are kilobytes; budget a megabyte. */
const S3_STORED_GB = MB / GB;
const FLINK_STORAGE_GB_PER_KPU = 50;

/** GB-seconds a Lambda of `memoryMb` bills for `cpuSeconds` of one-core work plus `waitSeconds`. */
export function lambdaGbSeconds(memoryMb: number, cpuSeconds: number, waitSeconds: number): number {
  const cpuShare = Math.min(1, memoryMb / FULL_VCPU_MB);
  return (memoryMb / 1024) * (cpuSeconds / cpuShare + waitSeconds);
}

/** Provisioned shards the peak rate needs (at least one). */
export function shardsForPeak(inputs: CostInputs): number {
  const peakRecords =
    (inputs.linesPerMonth / inputs.linesPerRecord / SECONDS_PER_MONTH) * inputs.peakFactor;
  const peakBytes =
    ((inputs.linesPerMonth * inputs.lineBytes) / SECONDS_PER_MONTH) * inputs.peakFactor;
  return Math.max(
    1,
    Math.ceil(peakBytes / SHARD_BYTES_PER_SECOND),
    Math.ceil(peakRecords / SHARD_RECORDS_PER_SECOND),
  );
}

/**
 * Invocations of a Kinesis consumer: full batches at high rates; at low rates Lambda polls each
 * shard about once a second and invokes whenever a poll finds a record (Poisson arrivals).
 */
export function consumerInvocations(records: number, shards: number, batchSize: number): number {
  if (records <= 0) return 0;
  const perShardPerSecond = records / shards / SECONDS_PER_MONTH;
  const polled = shards * SECONDS_PER_MONTH * -Math.expm1(-perShardPerSecond);
  return Math.max(Math.ceil(records / batchSize), polled);
}

function validate(inputs: CostInputs): void {
  const positive: (keyof CostInputs)[] = [
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
  ];
  const nonNegative: (keyof CostInputs)[] = [
    'linesPerMonth',
    'apps',
    'secondsPerRecord',
    'invocationOverheadMs',
    'publisherInvocationMs',
    'lifecycleInvocationMs',
    'lifecycleEventsPerMonth',
  ];
  for (const key of positive) {
    const v = inputs[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new RangeError(`${key} must be a positive number, got ${String(v)}`);
  }
  for (const key of nonNegative) {
    const v = inputs[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new RangeError(`${key} must be a number >= 0, got ${String(v)}`);
  }
  if (inputs.shards !== undefined && (!Number.isInteger(inputs.shards) || inputs.shards < 1)) {
    throw new RangeError(`shards must be a whole number >= 1, got ${inputs.shards}`);
  }
}

const sum = (lines: readonly CostLine[]) => lines.reduce((total, l) => total + l.usd, 0);

/** The monthly bill of a fleetlog deployment, and what the aggregation would cost on KDA SQL or Flink. */
export function estimateMonthlyCost(inputs: CostInputs, prices: PriceTable = PRICES): CostReport {
  validate(inputs);
  const shards = inputs.shards ?? shardsForPeak(inputs);
  const apps = inputs.apps + 1; // UNKNOWN is an application too
  const inputRecords = Math.ceil(inputs.linesPerMonth / inputs.linesPerRecord);
  const recordBytes = inputs.lineBytes * inputs.linesPerRecord;
  const hasTraffic = inputs.linesPerMonth > 0;

  // Aggregator: per-record CPU plus per-invocation waits; the window's final invoke per shard.
  const finalInvokes = hasTraffic ? shards * WINDOWS_PER_MONTH : 0;
  const aggregatorInvocations =
    consumerInvocations(inputRecords, shards, inputs.aggregatorBatchSize) + finalInvokes;
  const aggregatorGbSeconds = lambdaGbSeconds(
    inputs.aggregatorMemoryMb,
    inputs.linesPerMonth * inputs.secondsPerRecord,
    (aggregatorInvocations * inputs.invocationOverheadMs) / 1000,
  );

  // Each shard flushes one partial per (bucket, application) that saw traffic, plus a pipeline record.
  const aggregateRecords = hasTraffic ? shards * WINDOWS_PER_MONTH * (apps + 1) : 0;
  const publisherInvocations = hasTraffic
    ? Math.max(Math.ceil(aggregateRecords / inputs.publisherBatchSize), WINDOWS_PER_MONTH)
    : 0;
  const metricDataPoints = hasTraffic
    ? shards * WINDOWS_PER_MONTH * (METRICS_PER_APP * apps + PIPELINE_METRICS_PER_PARTIAL)
    : 0;
  const putMetricDataCalls =
    publisherInvocations === 0
      ? 0
      : publisherInvocations *
        Math.ceil(metricDataPoints / publisherInvocations / MAX_DATA_POINTS_PER_CALL);
  const publisherGbSeconds = lambdaGbSeconds(
    inputs.publisherMemoryMb,
    0,
    (publisherInvocations * inputs.publisherInvocationMs) / 1000,
  );
  const lifecycleGbSeconds = lambdaGbSeconds(
    inputs.lifecycleMemoryMb,
    0,
    (inputs.lifecycleEventsPerMonth * inputs.lifecycleInvocationMs) / 1000,
  );
  const lambdaRequests =
    aggregatorInvocations + publisherInvocations + inputs.lifecycleEventsPerMonth;
  const gbSeconds = aggregatorGbSeconds + publisherGbSeconds + lifecycleGbSeconds;
  const customMetrics = METRICS_PER_APP * apps + PIPELINE_METRICS;

  const common: CostLine[] = [
    {
      group: 'Lambda',
      item: 'requests',
      quantity: lambdaRequests,
      unit: 'requests',
      usd: (lambdaRequests / 1e6) * prices.lambdaRequests.usd,
    },
    {
      group: 'Lambda',
      item: 'duration (Arm)',
      quantity: gbSeconds,
      unit: 'GB-s',
      usd: gbSeconds * prices.lambdaArmGbSecond.usd,
    },
    {
      group: 'CloudWatch',
      item: 'custom metrics',
      quantity: customMetrics,
      unit: 'metrics',
      usd: customMetrics * prices.cloudWatchMetricMonth.usd,
    },
    {
      group: 'CloudWatch',
      item: 'alarms',
      quantity: ALARMS,
      unit: 'alarms',
      usd: ALARMS * prices.cloudWatchAlarmMonth.usd,
    },
    {
      group: 'CloudWatch',
      item: 'PutMetricData calls',
      quantity: putMetricDataCalls,
      unit: 'calls',
      usd: (putMetricDataCalls / 1000) * prices.cloudWatchApiRequests.usd,
    },
    {
      group: 'CloudWatch',
      item: 'dashboard',
      quantity: DASHBOARDS,
      unit: 'dashboards',
      usd: DASHBOARDS * prices.cloudWatchDashboardMonth.usd,
    },
  ];
  const s3Gets =
    shards * REFERENCE_CHECKS_PER_SHARD + inputs.lifecycleEventsPerMonth * LIFECYCLE_GETS;
  const s3Puts = inputs.lifecycleEventsPerMonth * LIFECYCLE_PUTS;
  common.push(
    {
      group: 'S3',
      item: 'GET requests',
      quantity: s3Gets,
      unit: 'requests',
      usd: (s3Gets / 1000) * prices.s3GetRequests.usd,
    },
    {
      group: 'S3',
      item: 'PUT requests',
      quantity: s3Puts,
      unit: 'requests',
      usd: (s3Puts / 1000) * prices.s3PutRequests.usd,
    },
    {
      group: 'S3',
      item: 'storage',
      quantity: S3_STORED_GB,
      unit: 'GB-month',
      usd: S3_STORED_GB * prices.s3StorageGbMonth.usd,
    },
    // Dead-letter and on-failure queues only receive messages when something breaks.
    {
      group: 'SQS',
      item: 'dead-letter queues (negligible)',
      quantity: 0,
      unit: 'requests',
      usd: 0,
    },
  );

  // On-demand bills each record rounded up to 1 KB on the way in, actual bytes on the way out.
  const billedInBytes =
    inputRecords * Math.ceil(recordBytes / KB) * KB +
    aggregateRecords * Math.ceil(inputs.aggregateRecordBytes / KB) * KB;
  const readBytes =
    inputs.linesPerMonth * inputs.lineBytes + aggregateRecords * inputs.aggregateRecordBytes;
  const onDemand: CostLine[] = [
    {
      group: 'Kinesis on-demand',
      item: 'stream-hours (input, output)',
      quantity: STREAMS * HOURS_PER_MONTH,
      unit: 'stream-hours',
      usd: STREAMS * HOURS_PER_MONTH * prices.kinesisOnDemandStreamHour.usd,
    },
    {
      group: 'Kinesis on-demand',
      item: 'data in',
      quantity: billedInBytes / GB,
      unit: 'GB',
      usd: (billedInBytes / GB) * prices.kinesisOnDemandDataInGb.usd,
    },
    {
      group: 'Kinesis on-demand',
      item: 'data out',
      quantity: readBytes / GB,
      unit: 'GB',
      usd: (readBytes / GB) * prices.kinesisOnDemandDataOutGb.usd,
    },
  ];
  const shardHours = (shards + OUTPUT_SHARDS) * HOURS_PER_MONTH;
  const putUnits =
    inputRecords * Math.ceil(recordBytes / PUT_PAYLOAD_UNIT_BYTES) +
    aggregateRecords * Math.ceil(inputs.aggregateRecordBytes / PUT_PAYLOAD_UNIT_BYTES);
  const provisioned: CostLine[] = [
    {
      group: 'Kinesis provisioned',
      item: `shard-hours (${shards} input + ${OUTPUT_SHARDS} output)`,
      quantity: shardHours,
      unit: 'shard-hours',
      usd: shardHours * prices.kinesisShardHour.usd,
    },
    {
      group: 'Kinesis provisioned',
      item: 'PUT payload units',
      quantity: putUnits,
      unit: 'units',
      usd: (putUnits / 1e6) * prices.kinesisPutPayloadUnits.usd,
    },
  ];

  const commonUsd = sum(common);
  const onDemandUsd = commonUsd + sum(onDemand);
  const provisionedUsd = commonUsd + sum(provisioned);
  const kinesisMode = provisionedUsd <= onDemandUsd ? 'provisioned' : 'on-demand';
  const totalUsd = Math.min(onDemandUsd, provisionedUsd);

  // KDA SQL / Flink replace the aggregator Lambda only; streams, publisher and metrics stay.
  const peakMegabytesPerSecond =
    ((inputs.linesPerMonth * inputs.lineBytes) / SECONDS_PER_MONTH / MB) * inputs.peakFactor;
  const kpus = Math.max(1, Math.ceil(peakMegabytesPerSecond / inputs.kpuMegabytesPerSecond));
  const aggregatorUsd =
    (aggregatorInvocations / 1e6) * prices.lambdaRequests.usd +
    aggregatorGbSeconds * prices.lambdaArmGbSecond.usd;
  const withoutAggregator = totalUsd - aggregatorUsd;
  const sqlUsd = kpus * HOURS_PER_MONTH * prices.kinesisAnalyticsSqlKpuHour.usd;
  const flinkUsd =
    (kpus + 1) * HOURS_PER_MONTH * prices.flinkKpuHour.usd +
    kpus * FLINK_STORAGE_GB_PER_KPU * prices.flinkRunningStorageGbMonth.usd;
  const alternatives: AlternativeCost[] = [
    {
      name: 'fleetlog (Lambda tumbling window)',
      kpus: 0,
      computeUsd: aggregatorUsd,
      totalUsd,
      detail: `aggregator Lambda, ${shards} shard(s)`,
    },
    {
      name: 'Kinesis Data Analytics SQL (historical)',
      kpus,
      computeUsd: sqlUsd,
      totalUsd: withoutAggregator + sqlUsd,
      detail: `${kpus} KPU (minimum 1) x ${HOURS_PER_MONTH} h`,
    },
    {
      name: 'Managed Service for Apache Flink',
      kpus,
      computeUsd: flinkUsd,
      totalUsd: withoutAggregator + flinkUsd,
      detail: `${kpus} KPU + 1 orchestration KPU x ${HOURS_PER_MONTH} h + ${kpus * FLINK_STORAGE_GB_PER_KPU} GB running storage`,
    },
  ];

  return {
    inputs,
    shards,
    derived: {
      inputRecords,
      aggregatorInvocations,
      aggregatorGbSeconds,
      aggregateRecords,
      publisherInvocations,
      metricDataPoints,
      putMetricDataCalls,
      customMetrics,
      alarms: ALARMS,
      peakMegabytesPerSecond,
    },
    lines: [...common, ...onDemand, ...provisioned],
    commonUsd,
    onDemandUsd,
    provisionedUsd,
    totalUsd,
    kinesisMode,
    alternatives,
  };
}
