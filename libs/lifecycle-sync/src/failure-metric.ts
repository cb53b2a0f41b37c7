import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { METRICS } from '@fleetlog/pipeline-config';
import type { CloudWatchApi, SyncLogger } from './clients';

/** One LifecycleSyncFailures data point (no dimension), for the alarm; never throws. */
export async function publishSyncFailure(
  cloudWatch: CloudWatchApi,
  namespace: string,
  now: number,
  logger: SyncLogger,
): Promise<boolean> {
  try {
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [
          {
            MetricName: METRICS.lifecycleSyncFailures,
            Value: 1,
            Unit: 'Count',
            Timestamp: new Date(now),
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    logger.error('could not publish the LifecycleSyncFailures metric', { error: String(error) });
    return false;
  }
}
