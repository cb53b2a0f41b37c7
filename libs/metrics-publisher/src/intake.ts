import type { Logger, RateLimiter } from '@fleetlog/aws-kit';
import { decodeAggregate, type AggregateRecord } from '@fleetlog/log-schema';
import {
  APPLICATION_DIMENSION,
  CLOUDWATCH_MAX_AGE_MS,
  CLOUDWATCH_MAX_FUTURE_MS,
  dimensionValueProblem,
} from '@fleetlog/pipeline-config';
import type { KinesisStreamRecord } from 'aws-lambda';
import { duplicateKey } from './metric-data';
import type { IndexedAggregate } from './publish-plan';

/** What a batch's records turned into before anything is published. */
export interface Intake {
  /** Records to publish, in batch order. */
  accepted: IndexedAggregate[];
  invalid: number;
  /** Exact duplicates within the batch or known published by this container. */
  duplicates: number;
  tooOld: number;
  tooNew: number;
}

/** What `takeIn` needs besides the records. */
export interface IntakeOptions {
  /** Whether this container knows the duplicate key as published. */
  isPublished(key: string): boolean;
  /** The invocation's clock reading, epoch ms. */
  nowMs: number;
  logger: Logger;
  /** Rate limit of the invalid-record log lines. */
  invalidLog: RateLimiter;
}

/** A decoded record CloudWatch would still refuse: an application name unusable as a dimension. */
function dimensionProblemOf(record: AggregateRecord): string | null {
  if (record.kind !== 'requests') return null;
  const problem = dimensionValueProblem(record.applicationName);
  return problem === null
    ? null
    : `applicationName is ${problem}, so CloudWatch would refuse it as the ${APPLICATION_DIMENSION} dimension`;
}

/**
 * Decodes and validates a batch (ARCHITECTURE.md section 4), drops exact duplicates and windows
 * CloudWatch would refuse (section 6). Bad records are logged (rate-limited) and skipped, never
 * retried: sent along, they would fail every retry of their call.
 */
export function takeIn(records: readonly KinesisStreamRecord[], options: IntakeOptions): Intake {
  const { logger, invalidLog, nowMs } = options;
  const intake: Intake = { accepted: [], invalid: 0, duplicates: 0, tooOld: 0, tooNew: 0 };
  const batchKeys = new Set<string>();

  records.forEach((record, index) => {
    const data = Buffer.from(record.kinesis?.data ?? '', 'base64').toString('utf8');
    const decoded = decodeAggregate(data);
    const problem = decoded.ok ? dimensionProblemOf(decoded.value) : decoded.error;
    if (!decoded.ok || problem !== null) {
      intake.invalid++;
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
    if (batchKeys.has(key) || options.isPublished(key)) {
      intake.duplicates++;
      return;
    }
    batchKeys.add(key);
    const windowMs = Date.parse(decoded.value.windowStart);
    if (windowMs < nowMs - CLOUDWATCH_MAX_AGE_MS) {
      intake.tooOld++;
      return;
    }
    if (windowMs > nowMs + CLOUDWATCH_MAX_FUTURE_MS) {
      intake.tooNew++;
      return;
    }
    intake.accepted.push({ index, record: decoded.value });
  });

  const suppressed = invalidLog.takeSuppressed();
  if (suppressed > 0)
    logger.error('further invalid aggregate records skipped', { count: suppressed });
  if (intake.tooOld + intake.tooNew > 0) {
    logger.warn('aggregates outside the time range CloudWatch accepts were not published', {
      tooOld: intake.tooOld,
      tooNew: intake.tooNew,
    });
  }
  return intake;
}
