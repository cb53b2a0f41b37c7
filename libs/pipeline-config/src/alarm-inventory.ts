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
 * The archive's alarms (ARCHITECTURE.md section 6e), both on Firehose metrics (namespace
 * `AWS/Firehose`, dimension `DeliveryStreamName`), maximum over 5 minutes, for `periods` periods
 * on end. Each fires when lines are about to be lost: Firehose keeps retrying an S3 delivery for
 * up to 24 hours and then drops the data, and a reader behind the input stream by its retention
 * (24 hours) loses the lines that expire; one hour leaves the rest of the day to act. A failed
 * transformation is no alarm: its records are kept, raw, under `errors/processing-failed/`.
 */
export const ARCHIVE_ALARMS = [
  {
    id: 'ArchiveDeliveryStale',
    metricName: 'DeliveryToS3.DataFreshness',
    /** Seconds: age of the oldest record not yet delivered to S3. */
    threshold: 3600,
    periods: 3,
    description:
      'The oldest line not yet in the archive bucket is over an hour old (DeliveryToS3.DataFreshness) for 15 minutes: Firehose cannot write to S3 or transform, and drops what it cannot deliver after 24 hours; see the delivery log group',
  },
  {
    id: 'ArchiveReadBehind',
    metricName: 'KinesisMillisBehindLatest',
    /** Milliseconds: how far Firehose's last read is behind the input stream's newest record. */
    threshold: 3_600_000,
    periods: 3,
    description:
      'Firehose reads the input stream over an hour behind (KinesisMillisBehindLatest) for 15 minutes: lines it has not read when the 24-hour retention passes are never archived',
  },
] as const;

/**
 * Ids of every alarm of a deployment: the metric alarms, ApplicationFlood (one Metrics Insights
 * alarm, whatever the number of applications), the input-stream alarm, the archive's, and per function its
 * kinds plus its failure queue's. The same in every configuration.
 */
export function alarmInventory(): string[] {
  const ids: string[] = [
    ...metricAlarms().map((def) => def.id),
    applicationFloodAlarm().id,
    INPUT_STREAM_WRITE_ALARM_ID,
    ...ARCHIVE_ALARMS.map((alarm) => alarm.id),
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
