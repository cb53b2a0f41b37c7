import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { addFunctionAlarms, type AlarmSink } from './function-alarms';
import type { MonitoredFunction } from './monitored-function';
import { PipelineFunction, type PipelineFunctionProps } from './pipeline-function';

export interface KinesisStreamConsumerProps extends PipelineFunctionProps {
  /** The stream the function reads. */
  readonly stream: kinesis.IStream;
  /** Records per invocation, at most. */
  readonly batchSize: number;
  /** Where the construct's alarms go: they are named and sent to the topic there. */
  readonly alarmSink: AlarmSink;
  /**
   * Tumbling window: Lambda passes state from one invocation to the next of a shard and ends
   * each window with a final invocation.
   * @default - no window: every batch stands alone
   */
  readonly tumblingWindow?: Duration;
  /**
   * Concurrent batches per shard.
   * @default - not set on the mapping: Lambda's default of one
   */
  readonly parallelizationFactor?: number;
  /**
   * Where a new mapping starts reading.
   * @default lambda.StartingPosition.TRIM_HORIZON
   */
  readonly startingPosition?: lambda.StartingPosition;
  /**
   * Retries of a failing batch (halved each time) before it goes to the failure queue.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this go to the failure queue unprocessed.
   * @default Duration.hours(6)
   */
  readonly maxRecordAge?: Duration;
  /**
   * Construct id of the failure queue.
   * @default `${id}Failures`
   */
  readonly failureQueueId?: string;
}

/**
 * A Kinesis stream → Lambda consumer in one construct, in the manner of aws-solutions-constructs'
 * KinesisStreamsToLambda: the PipelineFunction, its event source mapping (batch item failures
 * reported, a failing batch bisected and retried), an SQS on-failure destination, and its alarms
 * built in (iterator age, errors, throttles, destination delivery failures, queue not empty).
 *
 * The function's children are this construct's own (`<id>/Function`, `<id>/Role`, `<id>/Logs`);
 * the failure queue is created beside it in `scope` and the alarms in the sink, so their logical
 * ids are the ones they had before this construct existed (a new id would replace the queue and
 * drop its messages).
 */
export class KinesisStreamConsumer extends PipelineFunction {
  /** The on-failure destination of the event source mapping. */
  readonly failures: sqs.Queue;
  readonly eventSource: KinesisEventSource;
  /** The function as the dashboard and the alarms see it. */
  readonly monitored: MonitoredFunction;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: KinesisStreamConsumerProps) {
    const {
      stream,
      batchSize,
      alarmSink,
      tumblingWindow,
      parallelizationFactor,
      startingPosition,
      retryAttempts,
      maxRecordAge,
      failureQueueId,
      ...functionProps
    } = props;
    super(scope, id, functionProps);
    const queueId = failureQueueId ?? `${id}Failures`;
    this.failures = deadLetterQueue(scope, queueId);
    this.eventSource = new KinesisEventSource(stream, {
      startingPosition: startingPosition ?? lambda.StartingPosition.TRIM_HORIZON,
      batchSize,
      tumblingWindow,
      parallelizationFactor,
      // Handlers report the records they could not process; the rest of the batch is done.
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: retryAttempts ?? 10,
      maxRecordAge: maxRecordAge ?? Duration.hours(6),
      onFailure: new SqsDlq(this.failures),
    });
    this.fn.addEventSource(this.eventSource);
    this.monitored = {
      name: id,
      fn: this.fn,
      failureQueue: { name: queueId, queue: this.failures },
      consumesStream: true,
    };
    this.alarms = addFunctionAlarms(alarmSink, this.monitored);
  }
}
