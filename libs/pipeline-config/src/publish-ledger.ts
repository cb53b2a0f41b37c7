import { CLOUDWATCH_MAX_AGE_MS } from './metrics';

/**
 * Retention of the pipeline's Kinesis streams, hours (infra's `retentionPeriod`): how long after a
 * record was written Kinesis can still deliver it again.
 */
export const PIPELINE_STREAM_RETENTION_HOURS = 24;

/**
 * The metrics publisher's ledger of published aggregates (ARCHITECTURE.md section 6c): one
 * DynamoDB table, on demand, encrypted, removed with the stack. infra creates it with these names
 * and the publisher writes them, so neither keeps a copy.
 *
 * Items: a claim per output-stream record, keyed by its duplicate key (flushId and group), and an
 * outcome per PutMetricData call, keyed `outcome#<claim token>`.
 */
export const PUBLISH_LEDGER = {
  /** The table's string partition key. */
  partitionKey: 'pk',
  /** The time-to-live attribute (epoch seconds) DynamoDB deletes expired items by. */
  ttlAttribute: 'expiresAt',
  /**
   * How long an item is kept, ms: 15 days. Longer than the output stream's retention (24 h), so
   * no re-delivery outlives its record, and longer than CloudWatch accepts a data point (14 days),
   * so even a longer retention never re-publishes: an older window is skipped as too old.
   */
  timeToLiveMs: CLOUDWATCH_MAX_AGE_MS + 24 * 3600_000,
} as const;
