import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { ApplicationFloodDefinition, MetricAlarmDefinition } from '@fleetlog/pipeline-config';
import { evaluateAlarms, type AlarmEvaluation } from './alarm-evaluator';

/** One contributor (application) of the ApplicationFlood Metrics Insights alarm. */
export interface FloodContributor {
  applicationName: string;
  evaluation: AlarmEvaluation;
}

export interface ApplicationFloodEvaluation {
  id: string;
  query: string;
  threshold: number;
  periodSeconds: number;
  /** Every application with data, each evaluated on its own like a CloudWatch contributor. */
  contributors: FloodContributor[];
  /** Every (window, application) above the threshold, by window then application. */
  breaches: { windowStart: string; applicationName: string; value: number }[];
}

/**
 * Evaluates ApplicationFlood over recorded PutMetricData inputs the way the Metrics Insights
 * alarm does: `GROUP BY ApplicationName` makes one time series per application that has data
 * (with exactly that one dimension, as `SCHEMA(ns, ApplicationName)` selects), the excluded
 * application (UNKNOWN) is left out, and each series is a single-metric alarm of its own.
 */
export function evaluateApplicationFlood(
  inputs: readonly PutMetricDataCommandInput[],
  def: ApplicationFloodDefinition,
  namespace: string,
): ApplicationFloodEvaluation {
  const applications = new Set<string>();
  for (const input of inputs) {
    if (input.Namespace !== namespace) continue;
    for (const datum of input.MetricData ?? []) {
      const dims = datum.Dimensions ?? [];
      if (datum.MetricName !== def.metricName || dims.length !== 1) continue;
      if (dims[0].Name !== def.groupBy || dims[0].Value === undefined) continue;
      if (dims[0].Value !== def.excluded) applications.add(dims[0].Value);
    }
  }
  const perApplication: MetricAlarmDefinition[] = [...applications].sort().map((app) => ({
    id: def.id,
    description: def.description,
    metricName: def.metricName,
    dimensions: { [def.groupBy]: app },
    statistic: def.statistic,
    periodSeconds: def.periodSeconds,
    evaluationPeriods: def.evaluationPeriods,
    datapointsToAlarm: def.datapointsToAlarm,
    threshold: def.threshold,
    comparison: def.comparison,
    treatMissingData: def.treatMissingData,
  }));
  const contributors = evaluateAlarms(inputs, perApplication, namespace).map((evaluation) => ({
    applicationName: evaluation.dimensions[def.groupBy],
    evaluation,
  }));
  const breaches = contributors
    .flatMap(({ applicationName, evaluation }) =>
      evaluation.alarmPeriods
        .filter((p) => p.value > def.threshold)
        .map((p) => ({
          windowStart: p.periodStart,
          applicationName,
          value: p.value,
        })),
    )
    .sort(
      (a, b) =>
        a.windowStart.localeCompare(b.windowStart) ||
        a.applicationName.localeCompare(b.applicationName),
    );
  return {
    id: def.id,
    query: def.query,
    threshold: def.threshold,
    periodSeconds: def.periodSeconds,
    contributors,
    breaches,
  };
}
