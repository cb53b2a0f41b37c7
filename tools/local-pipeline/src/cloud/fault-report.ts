import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { APPLICATION_DIMENSION, METRICS } from '@fleetlog/pipeline-config';
import { FAULT_KINDS, type FaultCounts, type FaultKind } from './fault-plan';

/** What a run with `--inject-faults` injected, and whether CloudWatch still counted the log once. */
export interface FaultReport {
  seed: number;
  /** Faults injected, by kind. */
  injected: FaultCounts;
  /** Deliveries of a batch or invocation after its first (Lambda's and Kinesis's retries). */
  redeliveries: number;
  /** Requests the log holds, by the run's independent count (the demo's oracle, the replay's lines). */
  expectedRequests: number;
  /** Requests CloudWatch summed (RequestCount per application, every call that succeeded). */
  publishedRequests: number;
  /** Requests CloudWatch counted more than once (by bucket and application where known). */
  countedTwice: number;
  /** Requests of the log CloudWatch never got. */
  lost: number;
  /** `publishedRequests` equals `expectedRequests`, none counted twice and none lost. */
  equal: boolean;
}

/** RequestCount per `bucket ISO|application`, summed over every PutMetricData CloudWatch took. */
export function publishedRequestCounts(
  inputs: readonly PutMetricDataCommandInput[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const input of inputs) {
    for (const d of input.MetricData ?? []) {
      const dims = d.Dimensions ?? [];
      if (d.MetricName !== METRICS.requestCount || dims.length !== 1) continue;
      if (dims[0].Name !== APPLICATION_DIMENSION || d.Timestamp === undefined) continue;
      const key = `${new Date(d.Timestamp).toISOString()}|${dims[0].Value ?? ''}`;
      const value = d.Value ?? d.StatisticValues?.Sum ?? 0;
      counts.set(key, (counts.get(key) ?? 0) + value);
    }
  }
  return counts;
}

/**
 * Compares what CloudWatch got with the log's count: per `bucket|application` when the expected
 * counts are known so (the demo's oracle), otherwise the totals (the replay's lines less its
 * malformed ones).
 */
export function compareWithLog(
  expected: ReadonlyMap<string, number> | number,
  published: ReadonlyMap<string, number>,
): Pick<FaultReport, 'expectedRequests' | 'publishedRequests' | 'countedTwice' | 'lost' | 'equal'> {
  const publishedRequests = sum(published.values());
  let expectedRequests: number;
  let countedTwice = 0;
  let lost = 0;
  if (typeof expected === 'number') {
    expectedRequests = expected;
    countedTwice = Math.max(0, publishedRequests - expected);
    lost = Math.max(0, expected - publishedRequests);
  } else {
    expectedRequests = sum(expected.values());
    for (const key of new Set([...expected.keys(), ...published.keys()])) {
      const diff = (published.get(key) ?? 0) - (expected.get(key) ?? 0);
      if (diff > 0) countedTwice += diff;
      else lost -= diff;
    }
  }
  return {
    expectedRequests,
    publishedRequests,
    countedTwice,
    lost,
    equal: countedTwice === 0 && lost === 0,
  };
}

const KIND_WORDS: Record<FaultKind, [string, string]> = {
  timeoutAfterPutMetricData: ['timeout after PutMetricData', 'timeouts after PutMetricData'],
  partialPutRecords: ['PutRecords that partly failed', 'PutRecords that partly failed'],
  throttled: ['throttled call', 'throttled calls'],
  crash: ['crash between two calls', 'crashes between two calls'],
  duplicateDelivery: [
    'duplicate delivery to a second container',
    'duplicate deliveries to a second container',
  ],
};

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The summary lines of a run with `--inject-faults`: the faults injected by kind, then whether
 * the totals equal the log's, or the difference.
 */
export function faultReportLines(report: FaultReport): string[] {
  const kinds = FAULT_KINDS.map((kind) => {
    const count = report.injected[kind];
    return `${n(count)} ${KIND_WORDS[kind][count === 1 ? 0 : 1]}`;
  });
  const faults = `faults injected (seed ${report.seed}): ${kinds.join(', ')}; ${n(report.redeliveries)} ${report.redeliveries === 1 ? 're-delivery' : 're-deliveries'}`;
  const totals = report.equal
    ? `totals equal the log's: ${n(report.expectedRequests)} requests, none counted twice, none lost`
    : `totals differ from the log's: ${n(report.publishedRequests)} requests published for ${n(report.expectedRequests)} in the log (${n(report.countedTwice)} counted twice, ${n(report.lost)} lost)`;
  return [faults, totals];
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
