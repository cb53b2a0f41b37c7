import { metricAlarms } from './alarms';
import { applicationFloodAlarm } from './application-flood';
import { pipelineFunctions } from './pipeline-functions';

/**
 * Every CloudWatch alarm the stack deploys, by id (the alarm is named `<stackName>-<id>`). infra
 * builds the per-function alarms from these kinds, `fleetlog cost` counts the alarms with
 * `alarmInventory()`, and infra/src/shared-definition.spec.ts checks the template against it.
 */

/**
 * Alarms on every pipeline function (each has an on-failure destination): `<name><kind>`. No
 * alarm on Errors: a failed invocation is retried (a stream batch bisected), and what is given up
 * on lands in the failure queue, whose NotEmpty alarm fires; errors alone lose nothing.
 */
export const FUNCTION_ALARM_KINDS = ['Throttles', 'DestinationDeliveryFailures'] as const;
export type FunctionAlarmKind = (typeof FUNCTION_ALARM_KINDS)[number];

/** Alarms a stream consumer has besides: how far behind its stream it is. */
export const STREAM_CONSUMER_ALARM_KINDS = ['IteratorAge'] as const;
export type StreamConsumerAlarmKind = (typeof STREAM_CONSUMER_ALARM_KINDS)[number];

/** The alarm on each function's failure queue: `<failureQueueName>NotEmpty`. */
export const FAILURE_QUEUE_ALARM_KIND = 'NotEmpty';

/** Id of the alarm on refused writes to the input stream (agents falling behind). */
export const INPUT_STREAM_WRITE_ALARM_ID = 'InputStreamWriteThrottled';

/**
 * Ids of every alarm of a deployment: the metric alarms, ApplicationFlood (one Metrics Insights
 * alarm, whatever the number of applications), the input-stream alarm, and per function its
 * kinds plus its failure queue's. The same in every configuration.
 */
export function alarmInventory(): string[] {
  const ids: string[] = [
    ...metricAlarms().map((def) => def.id),
    applicationFloodAlarm().id,
    INPUT_STREAM_WRITE_ALARM_ID,
  ];
  for (const fn of pipelineFunctions()) {
    if (fn.trigger === 'stream') {
      ids.push(...STREAM_CONSUMER_ALARM_KINDS.map((kind) => `${fn.name}${kind}`));
    }
    ids.push(...FUNCTION_ALARM_KINDS.map((kind) => `${fn.name}${kind}`));
    ids.push(`${fn.failureQueueName}${FAILURE_QUEUE_ALARM_KIND}`);
  }
  return ids;
}
