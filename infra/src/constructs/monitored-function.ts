import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** A Lambda under the name its alarms and dashboard lines carry. */
export interface NamedFunction {
  readonly name: string;
  readonly fn: lambda.IFunction;
}

/** A queue under the name its alarm and dashboard line carry. */
export interface NamedQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
}

/**
 * A pipeline Lambda as the alarms and the dashboard see it: every one has an on-failure queue,
 * and the stream consumers also have an iterator age.
 */
export interface MonitoredFunction extends NamedFunction {
  /** Where the function's given-up batches or events land (its on-failure destination). */
  readonly failureQueue: NamedQueue;
  /** Fed by a Kinesis event source mapping (iterator age alarm and dashboard line). */
  readonly consumesStream: boolean;
}
