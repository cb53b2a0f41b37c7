import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { addFunctionAlarms, type AlarmSink } from './function-alarms';
import type { MonitoredFunction } from './monitored-function';
import { PipelineFunction, type PipelineFunctionProps } from './pipeline-function';

export interface AsyncPipelineFunctionProps extends PipelineFunctionProps {
  /** Where the function's alarms go: they are named and sent to the topic there. */
  readonly alarmSink: AlarmSink;
  /** Construct id of the failure queue. @default `${id}Failures` */
  readonly failureQueueId?: string;
  /**
   * How long Lambda keeps retrying an event (throttled or failed) before it goes to the queue.
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;
  /**
   * Retries after a function error (0..2).
   * @default 2
   */
  readonly retryAttempts?: number;
}

/** A fleetlog Lambda invoked asynchronously, with its failure queue and alarms. */
export interface AsyncPipelineFunction {
  readonly fn: PipelineFunction;
  /**
   * Where an invocation lands after its last attempt (crash, timeout, throttled past the max
   * age). Use it as the EventBridge targets' dead-letter queue too: one queue, one alarm.
   */
  readonly failures: sqs.Queue;
  /** The function as the dashboard and the alarms see it. */
  readonly monitored: MonitoredFunction;
  /** Errors, throttles, destination delivery failures, failure queue not empty. */
  readonly alarms: readonly cloudwatch.Alarm[];
}

/**
 * One fleetlog Lambda for asynchronous events (EventBridge rules, schedules): a PipelineFunction
 * (reserved concurrency only when `reservedConcurrency` is given), an async invoke config (max event age, retries), an on-failure
 * destination queue and its alarms. Without the destination a crash or timeout is retried twice
 * and then dropped silently; the EventBridge target DLQ only covers delivery, not the function's
 * own failure. Created in `scope` under `id` (not in a wrapper construct), so logical ids stay stable.
 */
export function asyncPipelineFunction(
  scope: Construct,
  id: string,
  props: AsyncPipelineFunctionProps,
): AsyncPipelineFunction {
  const { alarmSink, failureQueueId, maxEventAge, retryAttempts, ...functionProps } = props;
  const fn = new PipelineFunction(scope, id, functionProps);
  const queueId = failureQueueId ?? `${id}Failures`;
  const failures = deadLetterQueue(scope, queueId);
  fn.fn.configureAsyncInvoke({
    onFailure: new destinations.SqsDestination(failures),
    maxEventAge: maxEventAge ?? Duration.hours(1),
    retryAttempts: retryAttempts ?? 2,
  });
  const monitored: MonitoredFunction = {
    name: id,
    fn: fn.fn,
    failureQueue: { name: queueId, queue: failures },
    consumesStream: false,
  };
  return { fn, failures, monitored, alarms: addFunctionAlarms(alarmSink, monitored) };
}
