/** Length of one aggregation bucket and of the Lambda tumbling window, in seconds. */
export const WINDOW_SECONDS = 300;

const WINDOW_MS = WINDOW_SECONDS * 1000;

/** Start of the event-time bucket that holds `epochMs`: floor(epochSeconds / 300) * 300, UTC. */
export function bucketStartMs(epochMs: number): number {
  return Math.floor(epochMs / WINDOW_MS) * WINDOW_MS;
}

/** ISO-8601 start and end of the bucket that starts at `bucketMs`. */
export function bucketBounds(bucketMs: number): { windowStart: string; windowEnd: string } {
  return {
    windowStart: new Date(bucketMs).toISOString(),
    windowEnd: new Date(bucketMs + WINDOW_MS).toISOString(),
  };
}
