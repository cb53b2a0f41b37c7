import { APPLICATION_DIMENSION, DEFAULT_NAMESPACE, METRICS } from './metrics';
import { UNKNOWN_APPLICATION } from './reference';
import { FLOOD_ALARM_EVALUATION, type AlarmEvaluationSettings } from './alarms';

/** Requests per application per 5 minutes above which ApplicationFlood fires (ARCHITECTURE.md section 6). */
export const DEFAULT_APPLICATION_THRESHOLD = 10_000;

/**
 * The ApplicationFlood alarm: one CloudWatch Metrics Insights alarm over every application at
 * once. Each `GROUP BY` row is a contributor with its own ALARM/OK state, so an application that
 * first appears later is covered without a redeploy. infra builds the alarm from this and the
 * local pipeline evaluates the same definition over its recorded metrics.
 */
export interface ApplicationFloodDefinition extends AlarmEvaluationSettings {
  readonly id: 'ApplicationFlood';
  /** The alarm's description. */
  readonly description: string;
  /** The Metrics Insights query (`expression` of the alarm's one metric). */
  readonly query: string;
  /** Metric the query sums and dimension it groups by, for local evaluation. */
  readonly metricName: string;
  /** Dimension the query groups by: each value is a contributor. */
  readonly groupBy: string;
  /** Application left out of the query: UNKNOWN has its own alarm. */
  readonly excluded: string;
}

/** Options of applicationFloodAlarm. */
export interface ApplicationFloodOptions {
  /**
   * Requests of one application per 5 minutes above which its contributor goes to ALARM.
   * @default 10000
   */
  applicationThreshold?: number;
  /**
   * CloudWatch namespace of the metrics.
   * @default 'FleetLog'
   */
  namespace?: string;
}

/**
 * The ApplicationFlood definition. The query orders by the sum so that, past Metrics Insights'
 * 500-series cap, the heaviest applications are the ones evaluated.
 */
export function applicationFloodAlarm(
  options: ApplicationFloodOptions = {},
): ApplicationFloodDefinition {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const metric = METRICS.requestCount;
  return {
    id: 'ApplicationFlood',
    description: 'Requests of one source application exceed the threshold (one contributor each)',
    query:
      `SELECT SUM(${metric}) FROM SCHEMA(${JSON.stringify(namespace)}, ${APPLICATION_DIMENSION}) ` +
      `WHERE ${APPLICATION_DIMENSION} != '${UNKNOWN_APPLICATION}' ` +
      `GROUP BY ${APPLICATION_DIMENSION} ORDER BY SUM() DESC`,
    metricName: metric,
    groupBy: APPLICATION_DIMENSION,
    excluded: UNKNOWN_APPLICATION,
    statistic: 'Sum',
    ...FLOOD_ALARM_EVALUATION,
    threshold: options.applicationThreshold ?? DEFAULT_APPLICATION_THRESHOLD,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
  };
}
