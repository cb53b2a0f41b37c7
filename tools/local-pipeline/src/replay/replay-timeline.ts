import { CLOUDWATCH_MAX_FUTURE_MS, LINE_TO_AGGREGATOR_MS } from '@fleetlog/pipeline-config';

/** Records whose last lines' median moves the timeline: one odd line never does. */
const SAMPLES = 3;

/**
 * The replay's timeline (ARCHITECTURE.md section 6b): when each record reached the aggregator,
 * in the log's own time. A record is complete when its last line is written; the shipper and the
 * input stream add LINE_TO_AGGREGATOR_MS (STAGE_DELAYS.shipperFlush + inputStream).
 *
 * The timeline only moves forward, as a run's clock does: lines of a log whose timestamps jump
 * backwards (a clock change, files concatenated out of order) arrive when the log reaches them,
 * late for their own minute. It follows the median of the last SAMPLES records' last lines, so
 * one line dated far from its neighbours does not move it, and ignores lines dated more than
 * CLOUDWATCH_MAX_FUTURE_MS after the wall clock (the aggregator refuses them as "in the
 * future"). A record never arrives before its own last line was written: one dated ahead of the
 * timeline arrives at its own time, without moving the timeline for the others. Known limit:
 * records are cut by size, so at low traffic a record spans minutes and its earlier lines arrive
 * with its last one (later than a shipper that flushes every second would send them).
 */
export class ReplayTimeline {
  private readonly recent: number[] = [];
  private nowMs: number | undefined;

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** The arrival at the aggregator of a record whose last line is dated `lastLineMs`. */
  arrival(lastLineMs: number | undefined): number {
    if (
      lastLineMs === undefined ||
      !Number.isFinite(lastLineMs) ||
      lastLineMs > this.wallNow() + CLOUDWATCH_MAX_FUTURE_MS
    ) {
      return this.currentMs();
    }
    this.recent.push(lastLineMs);
    if (this.recent.length > SAMPLES) this.recent.shift();
    const sorted = [...this.recent].sort((a, b) => a - b);
    const median = sorted[(sorted.length - 1) >> 1];
    if (this.nowMs === undefined || median > this.nowMs) this.nowMs = median;
    return Math.max(this.nowMs, lastLineMs) + LINE_TO_AGGREGATOR_MS;
  }

  /** The timeline's present (arrival at the aggregator); the wall clock before any time was read. */
  currentMs(): number {
    return (this.nowMs ?? this.wallNow()) + LINE_TO_AGGREGATOR_MS;
  }
}
