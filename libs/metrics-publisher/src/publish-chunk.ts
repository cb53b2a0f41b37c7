import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  AWS_CALL_ATTEMPT_MS,
  awsErrorName,
  sleep,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import { claimChunk, type ChunkClaim } from './claim-chunk';
import type { Deadline } from './deadline';
import type { PublishLedger } from './ledger';
import {
  planChunks,
  type IndexedAggregate,
  type PublishChunk,
  type PublishLimits,
} from './publish-plan';

/** What publishing one chunk needs: the handler's fixed parts and the invocation's deadline. */
export interface ChunkContext {
  cloudWatch: { send(command: PutMetricDataCommand): Promise<unknown> };
  namespace: string;
  retry: RetryOptions;
  limits: PublishLimits;
  ledger: PublishLedger | undefined;
  deadline: Deadline;
  /** The handler's clock, epoch ms (leases are on it). */
  now: () => number;
  logger: Logger;
  /** Counts PutMetricData attempts (the summary's `calls`). */
  onCall: () => void;
}

/** Why a chunk was not published: nothing of it reached CloudWatch. */
export type ChunkFailure = 'deadline' | 'ledger' | 'cloudwatch';

/** What came of one chunk. */
export type ChunkOutcome =
  | {
      ok: true;
      /** Records this call published (the ledger's won records; all without a ledger). */
      published: IndexedAggregate[];
      /** Their duplicate keys, in the same order. */
      publishedKeys: string[];
      dataPoints: number;
      /** Keys the ledger knew as published by an earlier call: duplicates. */
      alreadyPublished: string[];
      /** Batch index of the first record another live invocation holds: retry from there. */
      busyIndex?: number;
    }
  | { ok: false; failure: ChunkFailure; error?: unknown };

/** An error's message, for a log line. */
export const errorText = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Publishes one chunk (ARCHITECTURE.md section 6c): claims its records in the ledger, sends the
 * won ones in one PutMetricData call (retried within the deadline), then writes the call's
 * outcome. Fail-closed: a ledger that cannot be reached publishes nothing. The caller logs why a
 * chunk failed; this logs only what it cannot report (a release or an outcome write that failed).
 */
export async function publishChunk(chunk: PublishChunk, ctx: ChunkContext): Promise<ChunkOutcome> {
  const { deadline, logger } = ctx;
  if (!deadline.canStart()) return { ok: false, failure: 'deadline' };

  let claim: ChunkClaim | undefined;
  let records = chunk.records;
  let keys = chunk.duplicateKeys;
  let metricData: MetricDatum[] = chunk.metricData;
  if (ctx.ledger) {
    try {
      claim = await claimChunk(chunk, {
        ledger: ctx.ledger,
        deadline,
        now: ctx.now,
        sleep: ctx.retry.sleep ?? sleep,
      });
    } catch (error) {
      return { ok: false, failure: 'ledger', error };
    }
    if (claim.won.length < records.length) {
      records = claim.won;
      keys = claim.wonKeys;
      metricData = records.length === 0 ? [] : planChunks(records, ctx.limits)[0].metricData;
    }
  }

  if (records.length > 0) {
    try {
      // The claims may have taken time: check again before the first attempt.
      if (!deadline.canStart()) throw new DeadlineReached();
      await withRetry(
        async () => {
          ctx.onCall();
          await ctx.cloudWatch.send(
            new PutMetricDataCommand({ Namespace: ctx.namespace, MetricData: metricData }),
          );
        },
        { ...ctx.retry, canWait: (ms) => deadline.canStart(ms) },
      );
    } catch (error) {
      await claim?.release().catch((releaseError: unknown) =>
        logger.warn('publish ledger: claims not released; they are taken over after the lease', {
          error: errorText(releaseError),
        }),
      );
      if (error instanceof DeadlineReached) return { ok: false, failure: 'deadline' };
      return { ok: false, failure: 'cloudwatch', error };
    }
    // The window of ARCHITECTURE.md section 6c: CloudWatch has the data, the ledger not yet. The
    // outcome write is retried (throttling, 5xx) while one more attempt still fits before the
    // deadline: the margin was kept for it.
    if (claim) {
      const ledgerClaim = claim;
      await withRetry(() => ledgerClaim.commit(), {
        ...ctx.retry,
        canWait: (ms) => deadline.remainingMs() - ms > AWS_CALL_ATTEMPT_MS,
      }).catch((error: unknown) =>
        logger.error(
          'publish ledger: outcome not written after PutMetricData succeeded; the batch is not retried, but a re-delivery of these records would count them again',
          { error: errorText(error), errorName: awsErrorName(error) },
        ),
      );
    }
  }
  return {
    ok: true,
    published: records,
    publishedKeys: keys,
    dataPoints: metricData.length,
    alreadyPublished: claim?.alreadyPublished ?? [],
    busyIndex: claim?.busyIndex,
  };
}

/** The deadline came before the first attempt. */
class DeadlineReached extends Error {
  constructor() {
    super('deadline near');
  }
}
