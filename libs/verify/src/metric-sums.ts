import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';

/** One metric to sum over a time range. */
export interface MetricSum {
  /** Query id: lowercase letter first (GetMetricData's rule). */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
}

/**
 * The Sum of each metric over [startMs, endMs) with one GetMetricData call (paged): id → sum of
 * every data point returned, 0 when there are none.
 */
export async function sumMetrics(
  cloudWatch: CloudWatchClient,
  metrics: readonly MetricSum[],
  range: { startMs: number; endMs: number; periodSeconds: number },
  call: { abortSignal?: AbortSignal } = {},
): Promise<Record<string, number>> {
  const queries: MetricDataQuery[] = metrics.map((m) => ({
    Id: m.id,
    MetricStat: {
      Metric: {
        Namespace: m.namespace,
        MetricName: m.metricName,
        Dimensions: Object.entries(m.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: range.periodSeconds,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
  const sums: Record<string, number> = Object.fromEntries(metrics.map((m) => [m.id, 0]));
  let token: string | undefined;
  do {
    const page = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(range.startMs),
        EndTime: new Date(range.endMs),
        NextToken: token,
      }),
      call,
    );
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id || !(result.Id in sums)) continue;
      sums[result.Id] += (result.Values ?? []).reduce((a, b) => a + b, 0);
    }
    token = page.NextToken;
  } while (token);
  return sums;
}
