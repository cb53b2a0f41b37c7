import { DEPLOYMENT } from './deployment';
import type { PriceTable } from './prices';
import type { CostLine } from './report';
import type { Usage } from './usage';
import { GB, MB } from './units';

/** The reference CSV and sync state are kilobytes; budget a megabyte. */
const S3_STORED_GB = MB / GB;

/** Lambda, CloudWatch, S3 and SQS: the part of the bill that is the same in both Kinesis modes. */
export function commonLines(usage: Usage, prices: PriceTable): CostLine[] {
  const { derived } = usage;
  return [
    {
      group: 'Lambda',
      item: 'requests',
      quantity: usage.lambdaRequests,
      unit: 'requests',
      usd: (usage.lambdaRequests / 1e6) * prices.lambdaRequests.usd,
    },
    {
      group: 'Lambda',
      item: 'duration (Arm)',
      quantity: usage.gbSeconds,
      unit: 'GB-s',
      usd: usage.gbSeconds * prices.lambdaArmGbSecond.usd,
    },
    {
      group: 'CloudWatch',
      item: 'custom metrics',
      quantity: derived.customMetrics,
      unit: 'metrics',
      usd: derived.customMetrics * prices.cloudWatchMetricMonth.usd,
    },
    {
      group: 'CloudWatch',
      item: 'alarms',
      quantity: derived.alarms,
      unit: 'alarms',
      // Every alarm but ApplicationFlood is a standard alarm on one metric.
      usd: (derived.alarms - 1) * prices.cloudWatchAlarmMonth.usd,
    },
    {
      group: 'CloudWatch',
      item: 'ApplicationFlood metrics analyzed',
      quantity: derived.metricsInsightsAlarmMetrics,
      unit: 'metrics',
      usd: derived.metricsInsightsAlarmMetrics * prices.cloudWatchMetricsInsightsAlarmMetric.usd,
    },
    {
      group: 'CloudWatch',
      item: 'PutMetricData calls',
      quantity: derived.putMetricDataCalls,
      unit: 'calls',
      usd: (derived.putMetricDataCalls / 1000) * prices.cloudWatchApiRequests.usd,
    },
    {
      group: 'CloudWatch',
      item: 'dashboard',
      quantity: DEPLOYMENT.dashboards,
      unit: 'dashboards',
      usd: DEPLOYMENT.dashboards * prices.cloudWatchDashboardMonth.usd,
    },
    {
      group: 'S3',
      item: 'GET requests',
      quantity: usage.s3Gets,
      unit: 'requests',
      usd: (usage.s3Gets / 1000) * prices.s3GetRequests.usd,
    },
    {
      group: 'S3',
      item: 'PUT requests',
      quantity: usage.s3Puts,
      unit: 'requests',
      usd: (usage.s3Puts / 1000) * prices.s3PutRequests.usd,
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
  ];
}
