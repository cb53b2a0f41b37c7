import type { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  awsErrorName,
  createLogger,
  isTransientAwsError,
  RateLimiter,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import type { RequestsAggregate } from '@fleetlog/log-schema';
import { DEFAULT_NAMESPACE } from '@fleetlog/pipeline-config';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { Deadline, DEADLINE_MARGIN_MS, type InvocationContext } from './deadline';
import { takeIn } from './intake';
import type { PublishLedger } from './ledger';
import { errorText, publishChunk, type ChunkFailure } from './publish-chunk';
import { planChunks, PUT_METRIC_DATA_LIMITS, type PublishLimits } from './publish-plan';
import { BoundedKeySet } from './seen-keys';
import {
  updateRecentTopHosts,
  type RecentTopHostsOptions,
  type RecentTopHostsOutcome,
} from './recent-top-hosts';

/** One invocation's counts: logged as `metrics published` and given to `onSummary`. */
export interface PublishSummary {
  /** Kinesis records in the batch. */
  records: number;
  /** Records that failed decodeAggregate or whose application name CloudWatch would refuse. */
  invalid: number;
  /**
   * Exact duplicates (same flushId and group) within the batch, published by this container, or
   * found published in the ledger.
   */
  duplicates: number;
  /** Records whose window is older than CloudWatch accepts: logged, never sent. */
  tooOld: number;
  /** Records whose window lies beyond CloudWatch's future limit (a wrong source clock). */
  tooNew: number;
  /** PutMetricData calls made, retries included. */
  calls: number;
  /** Data points CloudWatch accepted. */
  dataPoints: number;
  /** Sequence number reported back to Kinesis: the first record not published. */
  failedAt?: string;
  /**
   * Why records were left for Kinesis to retry: a PutMetricData call failed after its retries,
   * the ledger could not be reached, the deadline was near, or another live invocation holds them.
   */
  failure?: ChunkFailure | 'busy';
  /** Whether the recent-top-hosts object was updated (only when it is configured and needed). */
  recentTopHosts?: RecentTopHostsOutcome;
}

/** What createPublisherHandler needs: CloudWatch, and optional knobs for tests and local runs. */
export interface PublisherDeps {
  /** Anything that sends PutMetricData: a CloudWatchClient, or the local runs' recorder. */
  cloudWatch: { send(command: PutMetricDataCommand): Promise<unknown> };
  /**
   * CloudWatch namespace of the metrics.
   * @default 'FleetLog'
   */
  namespace?: string;
  /**
   * Where invalid-record reports (rate-limited) and per-invocation summaries go.
   * @default createLogger('metrics-publisher')
   */
  logger?: Logger;
  /**
   * Clock, epoch ms: decides which windows are too old or too new for CloudWatch.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Backoff of PutMetricData; only throttling and 5xx errors are retried.
   * @default { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 }
   */
  retry?: Partial<
    Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep' | 'random'>
  >;
  /**
   * Size of one PutMetricData call.
   * @default PUT_METRIC_DATA_LIMITS: 1,000 data points, 900,000 bytes
   */
  limits?: Partial<PublishLimits>;
  /**
   * Duplicate keys of published records kept across invocations of a warm container.
   * @default 10000
   */
  rememberPublished?: number;
  /**
   * Durable ledger of published records (ARCHITECTURE.md section 6c), consulted before and written
   * after each PutMetricData call: `createDynamoLedger` on the table `PUBLISH_LEDGER_TABLE` names.
   * @default none: published records are remembered in this container's memory only
   *   (`rememberPublished`), so a fresh container or a second one may count a re-delivery again
   */
  ledger?: PublishLedger;
  /**
   * Time kept free before the function's deadline: no new work starts with less left.
   * @default DEADLINE_MARGIN_MS (3,000 ms)
   */
  deadlineMarginMs?: number;
  /**
   * Called with each invocation's counts (the local demo and tests read them).
   * @default none
   */
  onSummary?: (summary: PublishSummary) => void;
  /**
   * Keep the heaviest hosts of the latest windows in S3 for the notifier (one read and one
   * conditional write per invocation that published request aggregates).
   * @default - not kept
   */
  recentTopHosts?: RecentTopHostsOptions;
}

/**
 * The Lambda handler body: one batch of the output stream. With the Lambda context it keeps to
 * the function's deadline; without one (local runs, specs) there is none.
 */
export type PublisherHandler = (
  event: KinesisStreamEvent,
  context?: InvocationContext,
) => Promise<KinesisStreamBatchResponse>;

/**
 * The metrics publisher: validates, deduplicates and sums output-stream records, then publishes
 * them to CloudWatch in as few PutMetricData calls as its limits allow. A call that still fails
 * after its retries is reported as a batch item failure at its first record, so Kinesis retries
 * exactly the records not yet published; bad records are logged and skipped. With a ledger each
 * call's records are claimed before and recorded after it; with a Lambda context no work starts
 * within the deadline margin (ARCHITECTURE.md section 6c, libs/metrics-publisher/README.md).
 */
export function createPublisherHandler(deps: PublisherDeps): PublisherHandler {
  const namespace = deps.namespace ?? DEFAULT_NAMESPACE;
  const logger = deps.logger ?? createLogger('metrics-publisher');
  const now = deps.now ?? Date.now;
  const limits: PublishLimits = { ...PUT_METRIC_DATA_LIMITS, ...deps.limits };
  const retry: RetryOptions = {
    attempts: 5,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    ...deps.retry,
    isRetryable: isTransientAwsError,
  };
  const published = new BoundedKeySet(deps.rememberPublished ?? 10_000);
  const invalidLog = new RateLimiter(20, 60_000, now);

  return async (event, context) => {
    const records = event.Records ?? [];
    const t = now();
    const deadline = new Deadline(context, deps.deadlineMarginMs ?? DEADLINE_MARGIN_MS);
    const intake = takeIn(records, {
      isPublished: (key) => published.has(key),
      nowMs: t,
      logger,
      invalidLog,
    });
    const summary: PublishSummary = {
      records: records.length,
      invalid: intake.invalid,
      duplicates: intake.duplicates,
      tooOld: intake.tooOld,
      tooNew: intake.tooNew,
      calls: 0,
      dataPoints: 0,
    };

    const done: RequestsAggregate[] = [];
    let retryFrom: number | undefined;
    for (const chunk of planChunks(intake.accepted, limits)) {
      const outcome = await publishChunk(chunk, {
        cloudWatch: deps.cloudWatch,
        namespace,
        retry,
        limits,
        ledger: deps.ledger,
        deadline,
        now,
        logger,
        onCall: () => void summary.calls++,
      });
      if (!outcome.ok) {
        // Later chunks cover later records, which the retry re-reads: publishing them now would
        // count them twice (without a ledger) or hold them needlessly (with one).
        retryFrom = chunk.firstIndex;
        summary.failure = outcome.failure;
        logFailure(logger, outcome, records[retryFrom].kinesis.sequenceNumber, deadline);
        break;
      }
      summary.dataPoints += outcome.dataPoints;
      summary.duplicates += outcome.alreadyPublished.length;
      for (const key of outcome.alreadyPublished) published.add(key);
      for (const key of outcome.publishedKeys) published.add(key);
      for (const { record } of outcome.published) {
        if (record.kind === 'requests') done.push(record as RequestsAggregate);
      }
      if (outcome.busyIndex !== undefined) {
        retryFrom = outcome.busyIndex;
        summary.failure = 'busy';
        logger.warn(
          'records held by another invocation within its deadline; Kinesis will retry them',
          {
            sequenceNumber: records[outcome.busyIndex].kinesis.sequenceNumber,
          },
        );
        break;
      }
    }

    const batchItemFailures: KinesisStreamBatchResponse['batchItemFailures'] = [];
    if (retryFrom !== undefined) {
      summary.failedAt = records[retryFrom].kinesis.sequenceNumber;
      batchItemFailures.push({ itemIdentifier: summary.failedAt });
    }

    // Only what this invocation published: the records Kinesis will retry are merged on their retry.
    if (deps.recentTopHosts && done.length > 0) {
      if (deadline.canStart()) {
        summary.recentTopHosts = await updateRecentTopHosts(deps.recentTopHosts, done, t, logger);
      } else {
        summary.recentTopHosts = 'failed';
        logger.warn('deadline near: recent top hosts not updated', { requests: done.length });
      }
    }

    logger.info('metrics published', { ...summary });
    deps.onSummary?.(summary);
    return { batchItemFailures };
  };
}

/** The one log line that says why a chunk, and the records after it, were left to Kinesis. */
function logFailure(
  logger: Logger,
  outcome: { failure: ChunkFailure; error?: unknown },
  sequenceNumber: string,
  deadline: Deadline,
): void {
  const retry = 'Kinesis will retry from the first unpublished record';
  const error = outcome.error === undefined ? {} : { error: errorText(outcome.error) };
  if (outcome.failure === 'ledger') {
    logger.error(`publish ledger unavailable: nothing is published without its record; ${retry}`, {
      sequenceNumber,
      errorName: awsErrorName(outcome.error),
      ...error,
    });
  } else if (outcome.failure === 'deadline') {
    logger.warn(`deadline near: no new work started; ${retry}`, {
      sequenceNumber,
      remainingMs: deadline.remainingMs(),
    });
  } else {
    logger.error(`PutMetricData failed; ${retry}`, { sequenceNumber, ...error });
  }
}
