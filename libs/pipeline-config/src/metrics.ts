/** CloudWatch contract (ARCHITECTURE.md section 6). */
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

/** Version of the output-stream record schema (ARCHITECTURE.md section 4). */
export const AGGREGATE_SCHEMA_VERSION = 1;

/** CloudWatch rejects data points older than this (PutMetricData accepts two weeks back). */
export const CLOUDWATCH_MAX_AGE_MS = 14 * 24 * 3600 * 1000;

/** CloudWatch's limit on the length of a dimension value. */
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

/**
 * Why CloudWatch would refuse `value` as a dimension value (printable ASCII only, at least one
 * non-space character, at most 1,024 characters), or null if it is fine. An application name is
 * the `ApplicationName` dimension, so every place a name enters (CSV, tags, hook metadata) checks it.
 */
export function dimensionValueProblem(value: string): string | null {
  if (value.length > MAX_DIMENSION_VALUE_LENGTH) {
    return `longer than ${MAX_DIMENSION_VALUE_LENGTH} characters`;
  }
  let visible = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return 'not printable ASCII';
    if (c !== 0x20) visible = true;
  }
  return visible ? null : 'blank';
}
