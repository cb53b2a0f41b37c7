// Time granularity of the pipeline (ARCHITECTURE.md sections 2 and 6): requests are counted per
// event-time minute, the Lambda tumbling window flushes every minute, and alarms and dashboards
// read 5-minute sums of those minutes, which CloudWatch slides every minute.

/** Length of one event-time bucket, seconds: requests are counted per (minute, application). */
export const BUCKET_SECONDS = 60;

/** The aggregator's Lambda tumbling window, seconds (arrival time): how often partials flush. */
export const TUMBLING_WINDOW_SECONDS = 60;

/** Period of the alarms and the dashboards, seconds: "more than N requests in 5 minutes". */
export const ALARM_PERIOD_SECONDS = 300;

const BUCKET_MS = BUCKET_SECONDS * 1000;

/** Start of the event-time bucket that holds `epochMs`: floor(epochSeconds / 60) * 60, UTC. */
export function bucketStartMs(epochMs: number): number {
  return Math.floor(epochMs / BUCKET_MS) * BUCKET_MS;
}

/** ISO-8601 start and end of the bucket that starts at `bucketMs`. */
export function bucketBounds(bucketMs: number): { windowStart: string; windowEnd: string } {
  return {
    windowStart: new Date(bucketMs).toISOString(),
    windowEnd: new Date(bucketMs + BUCKET_MS).toISOString(),
  };
}
