import { archiveLines } from './archive';
import { DEPLOYMENT } from './deployment';
import { ledgerLines } from './ledger';
import type { PriceTable } from './prices';
import { pricedLine, type CostLine } from './report';
import type { Usage } from './usage';
import { GB, MB } from './units';

/** The reference CSV and sync state are kilobytes; budget a megabyte. */
const S3_STORED_GB = MB / GB;

/**
 * Lambda, CloudWatch, S3, DynamoDB (the publish ledger), SQS and the archive (Firehose, its
 * transformation, S3, Athena): the part of the bill that is the
 * same in both Kinesis modes.
 */
export function commonLines(usage: Usage, prices: PriceTable): CostLine[] {
  const { derived } = usage;
  const p = prices;
  return [
    pricedLine('Lambda', 'requests', usage.lambdaRequests, 'requests', p.lambdaRequests, 1e6),
    pricedLine('Lambda', 'duration (Arm)', usage.gbSeconds, 'GB-s', p.lambdaArmGbSecond),
    pricedLine(
      'CloudWatch',
      'custom metrics',
      derived.customMetrics,
      'metrics',
      p.cloudWatchMetricMonth,
    ),
    {
      group: 'CloudWatch',
      item: 'alarms',
      quantity: derived.alarms,
      unit: 'alarms',
      // Every alarm but ApplicationFlood is a standard alarm on one metric.
      usd: (derived.alarms - 1) * p.cloudWatchAlarmMonth.usd,
    },
    pricedLine(
      'CloudWatch',
      'ApplicationFlood metrics analyzed',
      derived.metricsInsightsAlarmMetrics,
      'metrics',
      p.cloudWatchMetricsInsightsAlarmMetric,
    ),
    pricedLine(
      'CloudWatch',
      'PutMetricData calls',
      derived.putMetricDataCalls,
      'calls',
      p.cloudWatchApiRequests,
      1000,
    ),
    pricedLine(
      'CloudWatch',
      'dashboard',
      DEPLOYMENT.dashboards,
      'dashboards',
      p.cloudWatchDashboardMonth,
    ),
    pricedLine('S3', 'GET requests', usage.s3Gets, 'requests', p.s3GetRequests, 1000),
    pricedLine('S3', 'PUT requests', usage.s3Puts, 'requests', p.s3PutRequests, 1000),
    pricedLine('S3', 'storage', S3_STORED_GB, 'GB-month', p.s3StorageGbMonth),
    ...ledgerLines(derived.ledger, p),
    ...archiveLines(derived.archive, p),
    // Dead-letter and on-failure queues only receive messages when something breaks.
    {
      group: 'SQS',
      item: 'dead-letter queues (negligible)',
      quantity: 0,
      unit: 'requests',
      usd: 0,
    },
  ];
}
