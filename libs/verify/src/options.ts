import { randomBytes } from 'node:crypto';

/** What `fleetlog verify` checks and how long it waits (ARCHITECTURE.md section 6d). */
export interface VerifyOptions {
  /** Name of the deployed fleetlog stack (CloudFormation). */
  readonly stackName: string;
  /** The region the clients talk to; named in messages only. */
  readonly region: string;
  /**
   * Leave out the notification step: no alarm is forced, no subscriber is notified.
   * @default false
   */
  readonly skipAlarm?: boolean;
  /**
   * Seconds each waiting step (aggregate, metric, notification) may take before it fails.
   * @default 300
   */
  readonly timeoutSeconds?: number;
  /**
   * Milliseconds between two reads of the output stream's shards (each shard allows 5 reads a
   * second, shared with the metrics publisher).
   * @default 2000
   */
  readonly streamPollMs?: number;
  /**
   * Milliseconds between two GetMetricData calls while the metric is awaited.
   * @default 10000
   */
  readonly metricPollMs?: number;
  /**
   * Milliseconds to wait after an empty ReceiveMessage (which itself long-polls up to 20 s).
   * @default 1000
   */
  readonly receivePollMs?: number;
  /**
   * Milliseconds between subscribing the temporary queue and forcing the alarm, for the queue
   * policy to take effect (SNS retries deliveries to SQS that fail meanwhile).
   * @default 5000
   */
  readonly subscriptionSettleMs?: number;
  /**
   * Marks this run: the test line's path and user agent, the queue's name, the alarm's reason.
   * @default - 10 random lowercase hex characters
   */
  readonly runId?: string;
  /** Aborting it (Ctrl-C) stops the current wait; what was created is still removed. */
  readonly signal?: AbortSignal;
}

/** VerifyOptions with every default filled in. */
export interface ResolvedVerifyOptions extends Required<Omit<VerifyOptions, 'signal'>> {
  readonly signal: AbortSignal | undefined;
}

export const VERIFY_DEFAULTS = {
  timeoutSeconds: 300,
  streamPollMs: 2_000,
  metricPollMs: 10_000,
  receivePollMs: 1_000,
  subscriptionSettleMs: 5_000,
} as const;

/** Letters, digits and `-`: fits a queue name, a URL path and a user agent as it is. */
const RUN_ID = /^[a-z0-9-]{1,40}$/;

export function resolveVerifyOptions(options: VerifyOptions): ResolvedVerifyOptions {
  const runId = options.runId ?? randomBytes(5).toString('hex');
  if (!RUN_ID.test(runId)) {
    throw new RangeError(`runId must be 1-40 of a-z, 0-9 and -, got ${JSON.stringify(runId)}`);
  }
  const timeoutSeconds = options.timeoutSeconds ?? VERIFY_DEFAULTS.timeoutSeconds;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new RangeError(`timeoutSeconds must be a positive number, got ${timeoutSeconds}`);
  }
  return {
    stackName: options.stackName,
    region: options.region,
    skipAlarm: options.skipAlarm ?? false,
    timeoutSeconds,
    streamPollMs: options.streamPollMs ?? VERIFY_DEFAULTS.streamPollMs,
    metricPollMs: options.metricPollMs ?? VERIFY_DEFAULTS.metricPollMs,
    receivePollMs: options.receivePollMs ?? VERIFY_DEFAULTS.receivePollMs,
    subscriptionSettleMs: options.subscriptionSettleMs ?? VERIFY_DEFAULTS.subscriptionSettleMs,
    runId,
    signal: options.signal,
  };
}
