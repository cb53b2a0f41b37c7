import { archiveUsage } from './archive';
import { DEPLOYMENT } from './deployment';
import type { CostInputs } from './inputs';
import { consumerInvocations, lambdaGbSeconds } from './lambda';
import { ledgerUsage } from './ledger';
import type { DerivedUsage } from './report';
import { BUCKETS_PER_MONTH, MB, SECONDS_PER_MONTH, TUMBLING_WINDOWS_PER_MONTH } from './units';

/**
 * RequestCount, Http4xxCount, Http5xxCount, BytesSent per application (ARCHITECTURE.md
 * section 6).
 */
const METRICS_PER_APP = 4;
/** MalformedLines, LogRecords (per partial) and LifecycleSyncFailures. */
const PIPELINE_METRICS = 3;
const PIPELINE_METRICS_PER_PARTIAL = 2;
const MAX_DATA_POINTS_PER_CALL = 1000;
/** Per lifecycle event: read map, static hosts, sync state; write map and sync state. */
const LIFECYCLE_GETS = 3;
const LIFECYCLE_PUTS = 2;

/** Everything a month of traffic makes the deployment do, before any price. */
export interface Usage {
  /** The figures reported with the bill. */
  derived: DerivedUsage;
  /** Bytes of one input record (lines packed together). */
  recordBytes: number;
  lambdaRequests: number;
  gbSeconds: number;
  s3Gets: number;
  s3Puts: number;
}

/** What `inputs` make the deployment do in a month on `shards` input shards. */
export function deriveUsage(inputs: CostInputs, shards: number): Usage {
  const apps = inputs.apps + 1; // UNKNOWN is an application too
  const inputRecords = Math.ceil(inputs.linesPerMonth / inputs.linesPerRecord);
  const hasTraffic = inputs.linesPerMonth > 0;

  // Aggregator: per-record CPU plus per-invocation waits; the window's final invoke per shard.
  const finalInvokes = hasTraffic ? shards * TUMBLING_WINDOWS_PER_MONTH : 0;
  const aggregatorInvocations =
    consumerInvocations(inputRecords, shards, inputs.aggregatorBatchSize) + finalInvokes;
  const aggregatorGbSeconds = lambdaGbSeconds(
    inputs.aggregatorMemoryMb,
    inputs.linesPerMonth * inputs.secondsPerRecord,
    (aggregatorInvocations * inputs.invocationOverheadMs) / 1000,
  );

  // Each shard flushes one partial per (one-minute bucket, application) that saw traffic, plus a
  // pipeline record: five times the records and data points of 5-minute buckets.
  const aggregateRecords = hasTraffic ? shards * BUCKETS_PER_MONTH * (apps + 1) : 0;
  const publisherInvocations = hasTraffic
    ? Math.max(Math.ceil(aggregateRecords / inputs.publisherBatchSize), TUMBLING_WINDOWS_PER_MONTH)
    : 0;
  const metricDataPoints = hasTraffic
    ? shards * BUCKETS_PER_MONTH * (METRICS_PER_APP * apps + PIPELINE_METRICS_PER_PARTIAL)
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

  return {
    derived: {
      inputRecords,
      aggregatorInvocations,
      aggregatorGbSeconds,
      aggregateRecords,
      publisherInvocations,
      metricDataPoints,
      putMetricDataCalls,
      customMetrics: METRICS_PER_APP * apps + PIPELINE_METRICS,
      alarms: DEPLOYMENT.alarms,
      metricsInsightsAlarmMetrics: inputs.apps,
      ledger: ledgerUsage(aggregateRecords, putMetricDataCalls, inputs.redeliveredShare),
      archive: archiveUsage(inputs, inputRecords, inputs.lineBytes * inputs.linesPerRecord),
      peakMegabytesPerSecond:
        ((inputs.linesPerMonth * inputs.lineBytes) / SECONDS_PER_MONTH / MB) * inputs.peakFactor,
    },
    recordBytes: inputs.lineBytes * inputs.linesPerRecord,
    lambdaRequests: aggregatorInvocations + publisherInvocations + inputs.lifecycleEventsPerMonth,
    gbSeconds: aggregatorGbSeconds + publisherGbSeconds + lifecycleGbSeconds,
    s3Gets:
      shards * DEPLOYMENT.referenceChecksPerShard + inputs.lifecycleEventsPerMonth * LIFECYCLE_GETS,
    s3Puts: inputs.lifecycleEventsPerMonth * LIFECYCLE_PUTS,
  };
}
