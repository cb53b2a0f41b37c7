import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  FAILURE_QUEUE_ALARM_KIND,
  FUNCTION_ALARM_KINDS,
  PIPELINE_HEALTH_THRESHOLDS,
  STREAM_CONSUMER_ALARM_KINDS,
  type FunctionAlarmKind,
  type StreamConsumerAlarmKind,
} from '@fleetlog/pipeline-config';
import type { MonitoredFunction, NamedFunction } from './monitored-function';

/** Alarm properties without the name: the sink names each alarm for the topic policy. */
export type AlarmSpec = Omit<cloudwatch.AlarmProps, 'alarmName'>;

/**
 * Where a construct puts the alarms it builds in (PipelineAlarms): the sink names each
 * `<stackName>-<id>` and makes it notify the operations topic on ALARM and OK.
 */
export interface AlarmSink {
  addAlarm(id: string, spec: AlarmSpec): cloudwatch.Alarm;
}

/**
 * Pipeline-health alarms look at 5-minute sums and maxima and fire only when something is lost
 * or about to be (ARCHITECTURE.md section 6, infra/README.md "Alarms"): at once for a failure
 * that is kept (queue) or lost (delivery failure), after several periods on end for a lag or a
 * throttle, which Lambda retries and which normal bursts cause for a while.
 */
const PERIOD = Duration.seconds(300);
const ABOVE = {
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;
/** The first bad period. */
const AT_ONCE = { ...ABOVE, evaluationPeriods: 1 } as const;
/** Every one of `periods` consecutive periods bad. */
const ON_END = (periods: number) =>
  ({ ...ABOVE, evaluationPeriods: periods, datapointsToAlarm: periods }) as const;

const minutes = (periods: number) => (periods * PERIOD.toSeconds()) / 60;

/** One entry per kind of @fleetlog/pipeline-config: a new kind there fails to compile here. */
const FUNCTION_ALARMS: Record<FunctionAlarmKind, (f: NamedFunction) => AlarmSpec> = {
  Throttles: ({ name, fn }) => ({
    metric: fn.metricThrottles({ statistic: 'Sum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.lambdaThrottles,
    ...ON_END(PIPELINE_HEALTH_THRESHOLDS.lambdaThrottlePeriods),
    alarmDescription: `${name} has been throttled in every 5 minutes for ${minutes(PIPELINE_HEALTH_THRESHOLDS.lambdaThrottlePeriods)} minutes (a reservation too small, or the account's concurrency exhausted): events are retried until their maximum age and are about to age out into the failure queue, stream batches wait`,
  }),
  DestinationDeliveryFailures: ({ name, fn }) => ({
    metric: fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.destinationDeliveryFailures,
    ...AT_ONCE,
    alarmDescription: `${name} could not deliver a failed event or batch to its on-failure queue: that failure is lost`,
  }),
};

const STREAM_CONSUMER_ALARMS: Record<StreamConsumerAlarmKind, (f: NamedFunction) => AlarmSpec> = {
  IteratorAge: ({ name, fn }) => ({
    metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs,
    ...ON_END(PIPELINE_HEALTH_THRESHOLDS.iteratorAgePeriods),
    alarmDescription: `${name} has stayed more than ${PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs / 60_000} minutes behind its stream for ${minutes(PIPELINE_HEALTH_THRESHOLDS.iteratorAgePeriods)} minutes: flood alarms miss what it has not read, and records older than 6 hours go to its failure queue uncounted`,
  }),
};

/**
 * The health alarms of one pipeline function, as @fleetlog/pipeline-config lists them
 * (`alarmInventory()`): iterator age for a stream consumer, sustained throttles, destination
 * delivery failures, and its failure queue not being empty.
 */
export function addFunctionAlarms(sink: AlarmSink, f: MonitoredFunction): cloudwatch.Alarm[] {
  const alarms: cloudwatch.Alarm[] = [];
  if (f.consumesStream) {
    for (const kind of STREAM_CONSUMER_ALARM_KINDS) {
      alarms.push(sink.addAlarm(`${f.name}${kind}`, STREAM_CONSUMER_ALARMS[kind](f)));
    }
  }
  for (const kind of FUNCTION_ALARM_KINDS) {
    alarms.push(sink.addAlarm(`${f.name}${kind}`, FUNCTION_ALARMS[kind](f)));
  }
  const { name, queue } = f.failureQueue;
  alarms.push(
    sink.addAlarm(`${name}${FAILURE_QUEUE_ALARM_KIND}`, {
      metric: queue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: PERIOD,
      }),
      threshold: PIPELINE_HEALTH_THRESHOLDS.dlqMessages,
      ...AT_ONCE,
      alarmDescription: `${name} holds records or events that were given up on: read them, fix the cause, redrive or discard`,
    }),
  );
  return alarms;
}
