import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  APPLICATION_DIMENSION,
  METRICS,
  UNKNOWN_APPLICATION,
  ALARM_PERIOD_SECONDS,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import type { MonitoredFunction } from './monitored-function';

/** A CloudWatch SEARCH over every application's series of one metric, in 5-minute sums. */
export function perApplicationSearch(namespace: string, metricName: string): string {
  return `SEARCH('{${namespace},${APPLICATION_DIMENSION}} MetricName="${metricName}"', 'Sum', ${ALARM_PERIOD_SECONDS})`;
}

export interface PipelineDashboardProps {
  readonly namespace: string;
  /** Time range the dashboard opens with. */
  readonly range: Duration;
  /** Every pipeline function: errors; stream consumers also iterator age; failure queue depth. */
  readonly functions: readonly MonitoredFunction[];
}

/** Requests per application, unknown sources, error rates and the pipeline's own health. */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const ns = props.namespace;
    const consumers = props.functions.filter((f) => f.consumesStream);
    const queues = props.functions.map((f) => f.failureQueue);
    // 5-minute sums of the one-minute data points: what the alarms compare to their thresholds.
    const period = Duration.seconds(ALARM_PERIOD_SECONDS);
    // Applications come and go with the fleet: a SEARCH finds them all without redeploying.
    const search = (metricName: string, label: string) =>
      new cloudwatch.MathExpression({
        expression: perApplicationSearch(ns, metricName),
        label,
        period,
        usingMetrics: {},
      });
    const own = (metricName: string, dimensionsMap?: Record<string, string>) =>
      new cloudwatch.Metric({ namespace: ns, metricName, dimensionsMap, statistic: 'Sum', period });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: props.range,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Requests per application',
        left: [search(METRICS.requestCount, '')],
        view: cloudwatch.GraphWidgetView.TIME_SERIES,
        stacked: true,
        width: 16,
        height: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Requests from unknown sources',
        left: [own(METRICS.requestCount, { [APPLICATION_DIMENSION]: UNKNOWN_APPLICATION })],
        width: 8,
        height: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'HTTP 4xx per application',
        left: [search(METRICS.http4xxCount, '')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'HTTP 5xx per application',
        left: [search(METRICS.http5xxCount, '')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Consumer iterator age (ms)',
        left: consumers.map(({ name, fn }) =>
          fn.metric('IteratorAge', { statistic: 'Maximum', period, label: name }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        left: props.functions.map(({ name, fn }) =>
          fn.metricErrors({ statistic: 'Sum', period, label: name }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: queues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period,
            label: name,
          }),
        ),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Malformed lines and log records',
        left: [own(METRICS.malformedLines)],
        right: [own(METRICS.logRecords)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lifecycle sync failures',
        left: [own(METRICS.lifecycleSyncFailures)],
        width: 12,
      }),
    );
  }
}
