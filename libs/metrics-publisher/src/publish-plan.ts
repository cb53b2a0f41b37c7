import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { addAggregate, duplicateKey, groupKey, metricsOf } from './metric-data';

/**
 * PutMetricData limits (CloudWatch API reference, checked 2026): at most 1,000 metric data per
 * request and 1 MB per HTTP POST. The byte budget keeps a margin for the envelope and for sums
 * whose values grow longer than the estimate.
 */
export const PUT_METRIC_DATA_LIMITS = { maxDatums: 1000, maxPayloadBytes: 900_000 } as const;

/** Size bounds of one PutMetricData call. */
export interface PublishLimits {
  /** Data points per call. */
  maxDatums: number;
  /** Estimated request bytes per call (estimateDatumBytes summed). */
  maxPayloadBytes: number;
}

/** A decoded record and where it was in the batch. */
export interface IndexedAggregate {
  /** Position of the Kinesis record in the batch. */
  index: number;
  /** The decoded output-stream record. */
  record: AggregateRecord;
}

/** One PutMetricData call: the sums of a contiguous run of the batch's records. */
export interface PublishChunk {
  /** Index of the chunk's first record: the checkpoint to report if the call fails. */
  firstIndex: number;
  /** The call's data points: the chunk's partials summed per group, then metricsOf. */
  metricData: MetricDatum[];
  /** Duplicate keys of the records it covers, remembered once it is published. */
  duplicateKeys: string[];
  /** The records it covers, in batch order (`duplicateKeys[i]` is the key of `records[i]`). */
  records: IndexedAggregate[];
}

/** Serialized size of one datum, with room for a long value and timestamp. */
export function estimateDatumBytes(datum: MetricDatum): number {
  return JSON.stringify({ ...datum, Timestamp: 0, Value: 0 }).length + 40;
}

/**
 * Splits the batch into chunks of consecutive records, summing partials only within a chunk.
 * A chunk boundary is a record boundary, so when a call fails every record before its first
 * record is fully published and the retry from there counts nothing twice. A batch of 200
 * records makes at most 800 data points, so it normally needs one call.
 */
export function planChunks(
  records: readonly IndexedAggregate[],
  limits: PublishLimits = PUT_METRIC_DATA_LIMITS,
): PublishChunk[] {
  const chunks: PublishChunk[] = [];
  let groups = new Map<string, AggregateRecord>();
  let keys: string[] = [];
  let covered: IndexedAggregate[] = [];
  let firstIndex = -1;
  let datums = 0;
  let bytes = 0;

  const seal = () => {
    if (groups.size === 0) return;
    chunks.push({
      firstIndex,
      metricData: [...groups.values()].flatMap(metricsOf),
      duplicateKeys: keys,
      records: covered,
    });
    groups = new Map();
    keys = [];
    covered = [];
    datums = 0;
    bytes = 0;
  };

  for (const indexed of records) {
    const { index, record } = indexed;
    const key = groupKey(record);
    const current = groups.get(key);
    if (current) {
      groups.set(key, addAggregate(current, record));
    } else {
      const data = metricsOf(record);
      const size = data.reduce((sum, d) => sum + estimateDatumBytes(d), 0);
      if (datums + data.length > limits.maxDatums || bytes + size > limits.maxPayloadBytes) seal();
      if (groups.size === 0) firstIndex = index;
      groups.set(key, record);
      datums += data.length;
      bytes += size;
    }
    keys.push(duplicateKey(record));
    covered.push(indexed);
  }
  seal();
  return chunks;
}
