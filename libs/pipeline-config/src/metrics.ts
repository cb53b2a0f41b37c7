/** CloudWatch contract (ARCHITECTURE section 6). */
export const DEFAULT_NAMESPACE = 'FleetLog';
export const APPLICATION_DIMENSION = 'ApplicationName';

export const METRICS = {
  requestCount: 'RequestCount',
  http4xxCount: 'Http4xxCount',
  http5xxCount: 'Http5xxCount',
  bytesSent: 'BytesSent',
  malformedLines: 'MalformedLines',
  logRecords: 'LogRecords',
  lifecycleSyncFailures: 'LifecycleSyncFailures',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** Heaviest client hosts carried per (bucket, application) in an aggregate record. */
export const TOP_HOSTS_LIMIT = 10;

/** Version of the output-stream record schema (ARCHITECTURE section 4). */
export const AGGREGATE_SCHEMA_VERSION = 1;

/** CloudWatch rejects data points older than this (PutMetricData accepts two weeks back). */
export const CLOUDWATCH_MAX_AGE_MS = 14 * 24 * 3600 * 1000;
