/**
 * Service limits fleetlog designs around, each stated once with its source. Code that stays below
 * a limit on purpose (a packer that cuts records well under the maximum) derives its own figure
 * from these, so a reader sees both the limit and the margin.
 */

/** Kinesis Data Streams PutRecords / record limits (Kinesis developer guide, "Quotas and limits"). */
export const KINESIS_LIMITS = {
  /** Data plus partition key of one record. */
  maxRecordBytes: 1024 * 1024,
  /** Records in one PutRecords call. */
  maxRecordsPerPut: 500,
  /** Request size of one PutRecords call, all records together. */
  maxBytesPerPut: 5 * 1024 * 1024,
} as const;

/**
 * CloudWatch PutMetricData refuses data points more than two hours in the future (PutMetricData
 * API reference, `Timestamp`). The aggregator applies the same limit to log lines so that a line
 * stamped by a broken clock is counted as malformed instead of becoming a metric nobody can see.
 */
export const CLOUDWATCH_MAX_FUTURE_MS = 2 * 3600 * 1000;

/**
 * Lambda ends a tumbling window early when the state returned for a shard passes 1 MB (Lambda
 * developer guide, "Using tumbling windows with Kinesis").
 */
export const TUMBLING_WINDOW_MAX_STATE_BYTES = 1024 * 1024;
