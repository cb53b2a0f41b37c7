import type { CostInputs } from './inputs';
import type { ArchiveUsage } from './archive';
import type { LedgerUsage } from './ledger';
import type { Price } from './prices';

/** One billed item. */
export interface CostLine {
  group:
    | 'Lambda'
    | 'Kinesis on-demand'
    | 'Kinesis provisioned'
    | 'CloudWatch'
    | 'S3'
    | 'SQS'
    | 'DynamoDB'
    | 'Firehose'
    | 'Athena';
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

/** The quantities the bill is computed from. */
export interface DerivedUsage {
  inputRecords: number;
  aggregatorInvocations: number;
  aggregatorGbSeconds: number;
  aggregateRecords: number;
  publisherInvocations: number;
  metricDataPoints: number;
  putMetricDataCalls: number;
  customMetrics: number;
  alarms: number;
  /**
   * Time series the ApplicationFlood Metrics Insights alarm analyzes (one per application,
   * UNKNOWN excluded by its query): AWS prices such an alarm per metric analyzed.
   */
  metricsInsightsAlarmMetrics: number;
  /** The metrics publisher's ledger (DynamoDB, on demand): see ledger.ts. */
  ledger: LedgerUsage;
  /** The archive: Firehose, its transformation, S3 and Athena drill-downs (see archive.ts). */
  archive: ArchiveUsage;
  peakMegabytesPerSecond: number;
}

export interface CostReport {
  inputs: CostInputs;
  shards: number;
  derived: DerivedUsage;
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

/** A line billed `price.usd` for every `per` of `quantity` (1,000 requests, 1 million units...). */
export function pricedLine(
  group: CostLine['group'],
  item: string,
  quantity: number,
  unit: string,
  price: Price,
  per = 1,
): CostLine {
  return { group, item, quantity, unit, usd: (quantity / per) * price.usd };
}

/** Sum of the lines' USD. */
export const sumUsd = (lines: readonly CostLine[]) => lines.reduce((total, l) => total + l.usd, 0);
