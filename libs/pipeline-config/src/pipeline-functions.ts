import type { PipelineStream } from './pipeline-resources';

/**
 * The four fleetlog Lambdas as deployed: their size and, for the stream consumers, how they are
 * fed. infra builds the functions, event source mappings, failure queues and alarm names from
 * these and `fleetlog cost` prices them, so neither keeps a copy of the other's figures
 * (infra/src/shared-definition.spec.ts checks the synthesized template against them).
 *
 * `name` and `failureQueueName` are construct ids in the stack as well as alarm names
 * (`<stackName>-<name>Throttles`, `<stackName>-<failureQueueName>NotEmpty`): renaming one replaces
 * the deployed function or queue.
 */
export interface PipelineFunctionSettings {
  /** Construct id of the function and the first part of its alarms' names. */
  readonly name: string;
  /** Powertools service name; the deployable entry is `apps/<serviceName>/src/handler.ts`. */
  readonly serviceName: string;
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  /**
   * Construct id of the queue that keeps what the function gave up on (on-failure destination),
   * and the first part of that queue's NotEmpty alarm name.
   */
  readonly failureQueueName: string;
}

/** A function fed by a Kinesis event source mapping. */
export interface StreamConsumerSettings extends PipelineFunctionSettings {
  readonly trigger: 'stream';
  /** The pipeline stream it reads. */
  readonly stream: PipelineStream;
  /** Records per invocation, at most (the mapping's BatchSize). */
  readonly batchSize: number;
  /**
   * Concurrent batches per shard (the mapping's ParallelizationFactor).
   * @default - not set on the mapping: Lambda's default of 1
   */
  readonly parallelizationFactor?: number;
}

/** A function invoked asynchronously (EventBridge rules, schedules). */
export interface AsyncFunctionSettings extends PipelineFunctionSettings {
  readonly trigger: 'async';
  /**
   * How long an event is retried, by EventBridge's delivery and by Lambda's asynchronous queue
   * (throttled events are retried with back-off until this age, at most 6 hours: Lambda developer
   * guide, "Error handling and automatic retries in Lambda"), before it goes to the failure queue.
   */
  readonly maxEventAgeSeconds: number;
}

export type AnyPipelineFunctionSettings = StreamConsumerSettings | AsyncFunctionSettings;

export const PIPELINE_FUNCTIONS = {
  /** Input stream → tumbling window → output stream. */
  aggregator: {
    name: 'LogAggregator',
    serviceName: 'log-aggregator',
    trigger: 'stream',
    stream: 'input',
    memorySizeMb: 512,
    timeoutSeconds: 60,
    batchSize: 1000,
    // Window state is per shard and per invocation chain: exactly one chain per shard.
    parallelizationFactor: 1,
    failureQueueName: 'AggregatorFailures',
  },
  /** Output stream → CloudWatch custom metrics and the recent top hosts. */
  publisher: {
    name: 'MetricsPublisher',
    serviceName: 'metrics-publisher',
    trigger: 'stream',
    stream: 'output',
    memorySizeMb: 192,
    timeoutSeconds: 10,
    batchSize: 200,
    failureQueueName: 'PublisherFailures',
  },
  /** Fleet events, static-hosts edits and a schedule → the reference map. */
  lifecycleSync: {
    name: 'LifecycleSync',
    serviceName: 'lifecycle-sync',
    trigger: 'async',
    memorySizeMb: 256,
    timeoutSeconds: 60,
    // Also the EventBridge targets' dead-letter queue, hence not "...Failures".
    failureQueueName: 'LifecycleEventsDlq',
    // Lambda's most. A late lifecycle event is harmless (each run renders the map from the live
    // fleet; an action already ended counts as done), and one throttled past a shorter age would
    // fire LifecycleEventsDlqNotEmpty on a small account though nothing was lost
    // (libs/lifecycle-sync README, "Throttled, not lost").
    maxEventAgeSeconds: 6 * 3600,
  },
  /** Alarm state changes → one SNS message per application. */
  notifier: {
    name: 'Notifier',
    serviceName: 'notifier',
    trigger: 'async',
    memorySizeMb: 256,
    timeoutSeconds: 30,
    failureQueueName: 'NotifierFailures',
    // An alarm message older than this is moot: the alarm has re-evaluated many times since.
    maxEventAgeSeconds: 3600,
  },
} as const satisfies Record<string, AnyPipelineFunctionSettings>;

/** Every pipeline function, stream consumers first. */
export function pipelineFunctions(): readonly AnyPipelineFunctionSettings[] {
  return Object.values(PIPELINE_FUNCTIONS);
}
