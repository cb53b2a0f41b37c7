import { TUMBLING_WINDOW_SECONDS } from './window';

/**
 * The delay each stage of the pipeline adds between a log line being written and its alarm's
 * notification reaching the owner, named once with its source (ARCHITECTURE.md section 6b). The
 * local runs (the demo and the replay) stamp every data point with the time it reached
 * CloudWatch in the run's own timeline from these, and the alarm model (`@fleetlog/alarm-model`)
 * decides from those stamps when each alarm changes state. Where the documentation is silent the
 * value is a conservative choice (later rather than sooner), and says so.
 */
export interface StageDelay {
  /** Milliseconds the stage adds. */
  readonly ms: number;
  /** Where the value comes from: a documentation page, or why the choice is conservative. */
  readonly source: string;
}

export const STAGE_DELAYS = {
  /**
   * The shipper's buffer before it puts the lines on the input stream. Fluent Bit's `Flush 1`
   * (shipper-config.ts) flushes every second; the Kinesis Agent's `maxBufferAgeMillis` defaults to
   * 60,000 ms and fleetlog's agent.json sets it to its documented minimum, 1,000 ms.
   */
  shipperFlush: {
    ms: 1_000,
    source:
      'https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/classic-mode/configuration-file (Flush, seconds); https://docs.aws.amazon.com/streams/latest/dev/writing-with-agents.html (maxBufferAgeMillis: 1,000-900,000, default 60,000)',
  },
  /**
   * From PutRecords to the aggregator's invocation: Kinesis' put-to-get delay ("typically less
   * than 1 second") plus Lambda's polling of each shard once per second.
   */
  inputStream: {
    ms: 2_000,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/kinesis-low-latency.html (propagation delay typically under 1 s); https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (each shard polled at a base rate of once per second)',
  },
  /**
   * From the end of a tumbling window to the end of the aggregator's final invocation for it
   * (which puts the window's partials on the output stream).
   */
  finalInvocation: {
    ms: 20_000,
    source:
      'documentation silent (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html says only that the flag isFinalInvokeForWindow is set "at the end of the window"): conservative choice of 20 s, a third of the 60 s window, for Lambda to notice the end, invoke, and the aggregator to flush its state with PutRecords',
  },
  /** From the output stream's PutRecords to the metrics publisher's invocation (as inputStream). */
  outputStream: {
    ms: 2_000,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/kinesis-low-latency.html; https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (as inputStream)',
  },
  /**
   * The publisher's batching window: infra sets no MaximumBatchingWindowInSeconds on the
   * output-stream mapping, and for Kinesis the default is 0 (invoke as soon as records are read).
   */
  publisherBatching: {
    ms: 0,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html#invocation-eventsourcemapping-batching (Kinesis: default batching window 0 s); infra/src sets none',
  },
  /** From the publisher's PutMetricData call until the data points are visible to alarms. */
  putMetricData: {
    ms: 15_000,
    source:
      'documentation silent for recent time stamps (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html gives delays only for data points 3 hours old or older): conservative choice of 15 s, the publisher run included',
  },
  /** From the alarm's state change to the notifier's invocation (EventBridge). */
  eventBridge: {
    ms: 10_000,
    source:
      'documentation silent on the latency of "CloudWatch Alarm State Change" events (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html): conservative choice of 10 s',
  },
  /** The notifier's run: a cold start, the recent-top-hosts read from S3 and one SNS Publish. */
  notifier: {
    ms: 5_000,
    source:
      'documentation silent: conservative choice of 5 s for a Node.js cold start (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html), one S3 GET and one SNS Publish',
  },
  /** From SNS Publish to the subscriber (e-mail, chat or pager endpoint). */
  sns: {
    ms: 5_000,
    source:
      'documentation silent on delivery latency (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html covers retries only): conservative choice of 5 s',
  },
} as const satisfies Record<string, StageDelay>;

export type StageName = keyof typeof STAGE_DELAYS;

const WINDOW_MS = TUMBLING_WINDOW_SECONDS * 1000;

/**
 * Where a record that reaches the aggregator at `arrivalMs` is flushed: the end of its tumbling
 * window. Lambda groups records by *arrival* time into windows of TUMBLING_WINDOW_SECONDS aligned
 * to whole multiples (the example event of services-kinesis-windows.html has window start
 * 07:04:00Z, end 07:06:00Z for a 120 s window), so a minute's lines mostly flush at the end of
 * their own minute's window and its last seconds' lines (shipper and stream delays) in the next.
 */
export function tumblingWindowEndMs(arrivalMs: number): number {
  return Math.floor(arrivalMs / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
}

/** From a line written at `lineMs` to its record's arrival at the aggregator. */
export const LINE_TO_AGGREGATOR_MS = STAGE_DELAYS.shipperFlush.ms + STAGE_DELAYS.inputStream.ms;

/**
 * From a tumbling window's end to its partials' data points being visible to alarms: the final
 * invocation, the output stream, the publisher's batching and PutMetricData.
 */
export const WINDOW_END_TO_CLOUDWATCH_MS =
  STAGE_DELAYS.finalInvocation.ms +
  STAGE_DELAYS.outputStream.ms +
  STAGE_DELAYS.publisherBatching.ms +
  STAGE_DELAYS.putMetricData.ms;

/** From an alarm's state change (its evaluation minute) to the owner's notification. */
export const STATE_CHANGE_TO_NOTIFIED_MS =
  STAGE_DELAYS.eventBridge.ms + STAGE_DELAYS.notifier.ms + STAGE_DELAYS.sns.ms;
