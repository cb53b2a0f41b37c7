import { WINDOW_SECONDS } from './window';
import { APPLICATION_DIMENSION, METRICS } from './metrics';
import { UNKNOWN_APPLICATION } from './reference';

/**
 * An alarm on a fleetlog custom metric. infra turns these into CloudWatch alarms and the local
 * pipeline evaluates them over recorded metrics, so both agree on what "fired" means.
 */
export interface MetricAlarmDefinition {
  /** Alarm id (part of the CloudWatch alarm name), e.g. `UnknownSourceRequests`. */
  readonly id: string;
  /** The alarm's description. */
  readonly description: string;
  /** The fleetlog metric it watches (METRICS). */
  readonly metricName: string;
  /** The metric's dimensions; empty for the pipeline's own metrics. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: 'Sum';
  /** Period of the Sum, seconds (WINDOW_SECONDS). */
  readonly periodSeconds: number;
  /** Periods evaluated. */
  readonly evaluationPeriods: number;
  /** The Sum above which the alarm fires. */
  readonly threshold: number;
  readonly comparison: 'GreaterThanThreshold';
  readonly treatMissingData: 'notBreaching';
}

/** Requests from unmapped hosts per 5 minutes above which UnknownSourceRequests fires. */
export const DEFAULT_UNKNOWN_SOURCE_THRESHOLD = 100;

/** Options of metricAlarms. */
export interface AlarmOptions {
  /**
   * Requests from unmapped hosts per 5 minutes above which the alarm fires.
   * @default 100
   */
  unknownSourceThreshold?: number;
}

/** The alarms on fleetlog's own metrics, with thresholds defined once for infra and local runs. */
export function metricAlarms(options: AlarmOptions = {}): MetricAlarmDefinition[] {
  return [
    {
      id: 'UnknownSourceRequests',
      description: 'Requests from hosts that are not in the reference map exceed the threshold',
      metricName: METRICS.requestCount,
      dimensions: { [APPLICATION_DIMENSION]: UNKNOWN_APPLICATION },
      statistic: 'Sum',
      periodSeconds: WINDOW_SECONDS,
      evaluationPeriods: 1,
      threshold: options.unknownSourceThreshold ?? DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    },
    {
      id: 'LifecycleSyncFailures',
      description: 'lifecycle-sync could not write the reference map after its retries',
      metricName: METRICS.lifecycleSyncFailures,
      dimensions: {},
      statistic: 'Sum',
      periodSeconds: WINDOW_SECONDS,
      evaluationPeriods: 1,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    },
  ];
}

/** Thresholds of the pipeline-health alarms that are not on fleetlog's own metrics. */
export const PIPELINE_HEALTH_THRESHOLDS = {
  /** Iterator age of either stream's consumer, ms: two windows behind means trouble. */
  iteratorAgeMs: 2 * WINDOW_SECONDS * 1000,
  /** Any message in a dead-letter or on-failure queue. */
  dlqMessages: 0,
  /** Lambda errors per 5 minutes. */
  lambdaErrors: 0,
  /** Throttled Lambda invocations per 5 minutes (reserved concurrency or the account limit hit). */
  lambdaThrottles: 0,
  /**
   * Events or failed batches Lambda could not deliver to an on-failure destination per 5 minutes
   * (`DestinationDeliveryFailures`): the record of a failure is itself lost.
   */
  destinationDeliveryFailures: 0,
  /** Records refused by the input stream (`WriteProvisionedThroughputExceeded`, Sum) per 5 minutes. */
  inputWriteThrottledRecords: 0,
  /**
   * Consecutive 5-minute periods of input write throttling before the alarm fires: the agents
   * retry, and an on-demand stream may throttle briefly while it scales.
   */
  inputWriteThrottlePeriods: 2,
} as const;
