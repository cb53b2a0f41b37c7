import { ALARM_PERIOD_SECONDS } from './window';
import { APPLICATION_DIMENSION, METRICS } from './metrics';
import { UNKNOWN_APPLICATION } from './reference';

/** How CloudWatch evaluates an alarm: what infra deploys and what the local model evaluates. */
export interface AlarmEvaluationSettings {
  readonly statistic: 'Sum';
  /** Period of the Sum, seconds (ALARM_PERIOD_SECONDS: five one-minute buckets). */
  readonly periodSeconds: number;
  /** Periods in each evaluation (EvaluationPeriods), newest ending at the evaluation minute. */
  readonly evaluationPeriods: number;
  /** Breaching periods among them that put the alarm in ALARM (DatapointsToAlarm). */
  readonly datapointsToAlarm: number;
  /** The Sum above which a period breaches. */
  readonly threshold: number;
  readonly comparison: 'GreaterThanThreshold';
  readonly treatMissingData: 'notBreaching';
}

/**
 * The settings of the two flood alarms (ARCHITECTURE.md sections 6 and 6b). A minute's data point
 * reaches CloudWatch one to three minutes after the minute ends (tumbling window, output stream,
 * publisher), so the newest 300 s period of an evaluation never holds all of its minutes. With
 * two periods, one breaching, every 5 minutes is also evaluated complete, as the older period,
 * exactly 5 minutes after it ends: no breach is missed while the lag stays under 5 minutes, a
 * strong flood fires as soon as the arrived minutes of the newest period cross, and the alarm
 * stays in ALARM until both periods are below. infra/README.md gives the evidence.
 */
export const FLOOD_ALARM_EVALUATION = {
  periodSeconds: ALARM_PERIOD_SECONDS,
  evaluationPeriods: 2,
  datapointsToAlarm: 1,
} as const;

/**
 * An alarm on a fleetlog custom metric. infra turns these into CloudWatch alarms and the local
 * pipeline evaluates them over recorded metrics, so both agree on what "fired" means.
 */
export interface MetricAlarmDefinition extends AlarmEvaluationSettings {
  /** Alarm id (part of the CloudWatch alarm name), e.g. `UnknownSourceRequests`. */
  readonly id: string;
  /** The alarm's description. */
  readonly description: string;
  /** The fleetlog metric it watches (METRICS). */
  readonly metricName: string;
  /** The metric's dimensions; empty for the pipeline's own metrics. */
  readonly dimensions: Readonly<Record<string, string>>;
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
      ...FLOOD_ALARM_EVALUATION,
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
      // lifecycle-sync publishes at once, with no pipeline lag: the newest period is complete.
      periodSeconds: ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    },
  ];
}

/**
 * Thresholds of the pipeline-health alarms that are not on fleetlog's own metrics. Each fires only
 * when something is lost or about to be (ARCHITECTURE.md section 6; infra/README.md "Alarms"):
 * a failed record kept in a queue, a failure that could not even be kept, a consumer that stays
 * behind, throttling that lasts. A single throttle or a retried error is normal work (a scale-out
 * of many instances, a flood with many applications) and pages nobody; the dashboard shows it.
 */
export const PIPELINE_HEALTH_THRESHOLDS = {
  /**
   * Iterator age of either stream's consumer, ms: five minutes behind and the flood alarms'
   * older period is no longer complete when it is evaluated (section 6b), so floods go unseen.
   */
  iteratorAgeMs: ALARM_PERIOD_SECONDS * 1000,
  /**
   * Consecutive 5-minute periods the iterator age stays above `iteratorAgeMs` before the alarm
   * fires: a batch retried with backoff lags for a period and catches up; a consumer that is
   * still behind a period later is not catching up.
   */
  iteratorAgePeriods: 2,
  /** Any message in a dead-letter or on-failure queue: a record or event given up on. */
  dlqMessages: 0,
  /** Throttled Lambda invocations per 5-minute period above which the period counts. */
  lambdaThrottles: 0,
  /**
   * Consecutive 5-minute periods with throttles before the alarm fires. Throttled events are
   * retried (asynchronous events until their maximum age of an hour, stream batches until the
   * shard catches up); throttling for 15 minutes on end means they are about to age out.
   */
  lambdaThrottlePeriods: 3,
  /**
   * Events or failed batches Lambda could not deliver to an on-failure destination per 5 minutes
   * (`DestinationDeliveryFailures`): the record of a failure is itself lost.
   */
  destinationDeliveryFailures: 0,
  /** Records refused by the input stream (`WriteProvisionedThroughputExceeded`, Sum) per 5 minutes. */
  inputWriteThrottledRecords: 0,
  /**
   * Consecutive 5-minute periods of input write throttling before the alarm fires: the agents
   * retry from their buffers, and an on-demand stream throttles briefly while it scales; 15
   * minutes on end and the agents' buffers fill, so lines are about to be dropped.
   */
  inputWriteThrottlePeriods: 3,
} as const;
