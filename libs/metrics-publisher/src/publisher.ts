import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  createLogger,
  isTransientAwsError,
  RateLimiter,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import {
  decodeAggregate,
  type AggregateRecord,
  type RequestsAggregate,
} from '@fleetlog/log-schema';
import {
  APPLICATION_DIMENSION,
  CLOUDWATCH_MAX_AGE_MS,
  CLOUDWATCH_MAX_FUTURE_MS,
  DEFAULT_NAMESPACE,
  dimensionValueProblem,
} from '@fleetlog/pipeline-config';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { duplicateKey } from './metric-data';
import {
  planChunks,
  PUT_METRIC_DATA_LIMITS,
  type IndexedAggregate,
  type PublishLimits,
} from './publish-plan';
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
  /** Exact duplicates (same flushId and group) within the batch or published by this container. */
  duplicates: number;
  /** Records whose window is older than CloudWatch accepts: logged, never sent. */
  tooOld: number;
  /** Records whose window lies beyond CloudWatch's future limit (a wrong source clock). */
  tooNew: number;
  /** PutMetricData calls made, retries included. */
  calls: number;
  /** Data points CloudWatch accepted. */
  dataPoints: number;
  /** Sequence number reported back to Kinesis, when a call failed after its retries. */
  failedAt?: string;
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

/** A decoded record CloudWatch would still refuse: an application name unusable as a dimension. */
function dimensionProblemOf(record: AggregateRecord): string | null {
  if (record.kind !== 'requests') return null;
  const problem = dimensionValueProblem(record.applicationName);
  return problem === null
    ? null
    : `applicationName is ${problem}, so CloudWatch would refuse it as the ${APPLICATION_DIMENSION} dimension`;
}

/** The Lambda handler body: one batch of the output stream. */
export type PublisherHandler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

/**
 * The metrics publisher: validates, deduplicates and sums output-stream records, then publishes
 * them to CloudWatch in as few PutMetricData calls as its limits allow. A call that still fails
 * after its retries is reported as a batch item failure at its first record, so Kinesis retries
 * exactly the records not yet published; bad records are logged and skipped.
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

  return async (event) => {
    const records = event.Records ?? [];
    const summary: PublishSummary = {
      records: records.length,
      invalid: 0,
      duplicates: 0,
      tooOld: 0,
      tooNew: 0,
      calls: 0,
      dataPoints: 0,
    };
    const t = now();
    const batchKeys = new Set<string>();
    const accepted: IndexedAggregate[] = [];

    records.forEach((record, index) => {
      const data = Buffer.from(record.kinesis?.data ?? '', 'base64').toString('utf8');
      const decoded = decodeAggregate(data);
      const problem = decoded.ok ? dimensionProblemOf(decoded.value) : decoded.error;
      if (!decoded.ok || problem !== null) {
        summary.invalid++;
        if (invalidLog.tryAcquire()) {
          logger.error('invalid aggregate record skipped', {
            sequenceNumber: record.kinesis?.sequenceNumber,
            eventID: record.eventID,
            error: problem,
          });
        }
        return;
      }
      const key = duplicateKey(decoded.value);
      if (batchKeys.has(key) || published.has(key)) {
        summary.duplicates++;
        return;
      }
      batchKeys.add(key);
      const windowMs = Date.parse(decoded.value.windowStart);
      if (windowMs < t - CLOUDWATCH_MAX_AGE_MS) {
        summary.tooOld++;
        return;
      }
      if (windowMs > t + CLOUDWATCH_MAX_FUTURE_MS) {
        summary.tooNew++;
        return;
      }
      accepted.push({ index, record: decoded.value });
    });
    const suppressed = invalidLog.takeSuppressed();
    if (suppressed > 0)
      logger.error('further invalid aggregate records skipped', { count: suppressed });
    if (summary.tooOld + summary.tooNew > 0) {
      logger.warn('aggregates outside the time range CloudWatch accepts were not published', {
        tooOld: summary.tooOld,
        tooNew: summary.tooNew,
      });
    }

    const batchItemFailures: KinesisStreamBatchResponse['batchItemFailures'] = [];
    let failedIndex = Number.POSITIVE_INFINITY;
    for (const chunk of planChunks(accepted, limits)) {
      try {
        await withRetry(async () => {
          summary.calls++;
          await deps.cloudWatch.send(
            new PutMetricDataCommand({ Namespace: namespace, MetricData: chunk.metricData }),
          );
        }, retry);
      } catch (error) {
        const sequenceNumber = records[chunk.firstIndex].kinesis.sequenceNumber;
        failedIndex = chunk.firstIndex;
        summary.failedAt = sequenceNumber;
        batchItemFailures.push({ itemIdentifier: sequenceNumber });
        logger.error('PutMetricData failed; Kinesis will retry from the first unpublished record', {
          sequenceNumber,
          error: error instanceof Error ? error.message : String(error),
        });
        // Later chunks cover later records, which the retry re-reads: publishing them now would
        // count them twice.
        break;
      }
      summary.dataPoints += chunk.metricData.length;
      for (const key of chunk.duplicateKeys) published.add(key);
    }

    if (deps.recentTopHosts) {
      // Only what reached CloudWatch: the records Kinesis will retry are merged on their retry.
      const done = accepted
        .filter(({ index, record }) => record.kind === 'requests' && index < failedIndex)
        .map(({ record }) => record as RequestsAggregate);
      if (done.length > 0) {
        summary.recentTopHosts = await updateRecentTopHosts(deps.recentTopHosts, done, t, logger);
      }
    }

    logger.info('metrics published', { ...summary });
    deps.onSummary?.(summary);
    return { batchItemFailures };
  };
}
