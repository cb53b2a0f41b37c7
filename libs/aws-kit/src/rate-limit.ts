/**
 * Lets through at most `limit` events per `intervalMs` and counts the rest, so a flood of bad
 * input is reported without flooding the logs.
 */
export class RateLimiter {
  private windowStart = -Infinity;
  private used = 0;
  private suppressedCount = 0;

  constructor(
    private readonly limit: number,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the caller may act now. */
  tryAcquire(): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.intervalMs) {
      this.windowStart = t;
      this.used = 0;
    }
    if (this.used < this.limit) {
      this.used++;
      return true;
    }
    this.suppressedCount++;
    return false;
  }

  /** Events refused since the last call, and resets the count. */
  takeSuppressed(): number {
    const n = this.suppressedCount;
    this.suppressedCount = 0;
    return n;
  }
}
