import { CLOUDWATCH_MAX_FUTURE_MS, bucketStartMs } from '@fleetlog/pipeline-config';

const SAMPLES = 9;

/**
 * The replay's own "now": the median time of the last few records' first lines, so that one
 * line dated elsewhere (clock skew, 2099) does not move it. It places what has no time of its
 * own, like malformed lines, in a bucket of the log's time rather than of the wall clock.
 */
export class ReplayClock {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly wallNow: () => number = Date.now) {}

  observe(timeMs: number | undefined): void {
    if (timeMs === undefined || !Number.isFinite(timeMs)) return;
    // Dated more than this after the wall clock: "in the future" (the aggregator's rule).
    if (timeMs > this.wallNow() + CLOUDWATCH_MAX_FUTURE_MS) return;
    if (this.samples.length < SAMPLES) this.samples.push(timeMs);
    else this.samples[this.next] = timeMs;
    this.next = (this.next + 1) % SAMPLES;
  }

  /** The bucket start of the log's current time; the wall clock's before any time was read. */
  bucketMs(): number {
    if (this.samples.length === 0) return bucketStartMs(this.wallNow());
    const sorted = [...this.samples].sort((a, b) => a - b);
    return bucketStartMs(sorted[Math.floor(sorted.length / 2)]);
  }
}
