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
 * `<stackName>-<id>` and makes it notify the alarm topic on ALARM and OK.
 */
export interface AlarmSink {
  addAlarm(id: string, spec: AlarmSpec): cloudwatch.Alarm;
}

/** Pipeline-health alarms look at 5-minute sums and maxima and fire on the first bad period. */
const PERIOD = Duration.seconds(300);
const ABOVE = {
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;

/** One entry per kind of @fleetlog/pipeline-config: a new kind there fails to compile here. */
const FUNCTION_ALARMS: Record<FunctionAlarmKind, (f: NamedFunction) => AlarmSpec> = {
  Errors: ({ name, fn }) => ({
    metric: fn.metricErrors({ statistic: 'Sum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.lambdaErrors,
    ...ABOVE,
    alarmDescription: `${name} invocations failed`,
  }),
  Throttles: ({ name, fn }) => ({
    metric: fn.metricThrottles({ statistic: 'Sum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.lambdaThrottles,
    ...ABOVE,
    alarmDescription: `${name} invocations were throttled (reserved concurrency or the account's limit); async events are retried until their max age, stream batches wait`,
  }),
  DestinationDeliveryFailures: ({ name, fn }) => ({
    metric: fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.destinationDeliveryFailures,
    ...ABOVE,
    alarmDescription: `${name} could not deliver a failed event or batch to its on-failure queue: that failure is lost`,
  }),
};

const STREAM_CONSUMER_ALARMS: Record<StreamConsumerAlarmKind, (f: NamedFunction) => AlarmSpec> = {
  IteratorAge: ({ name, fn }) => ({
    metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD }),
    threshold: PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs,
    ...ABOVE,
    alarmDescription: `${name} is falling behind its stream`,
  }),
};

/**
 * The health alarms of one pipeline function, as @fleetlog/pipeline-config lists them
 * (`alarmInventory()`): iterator age for a stream consumer, errors, throttles and destination
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
      ...ABOVE,
      alarmDescription: `${name} holds records or events that could not be processed`,
    }),
  );
  return alarms;
}
