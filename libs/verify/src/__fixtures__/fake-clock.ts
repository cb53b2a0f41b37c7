import { throwIfAborted, type Clock } from '../clock';

/**
 * A clock whose sleeps return at once and move time forward, calling the `onAdvance` hooks at
 * each step: a spec runs minutes of verify's waiting in milliseconds, and simulated stages of
 * the pipeline act at the times they would.
 */
export class FakeClock implements Clock {
  private nowMs: number;
  private readonly hooks: ((nowMs: number) => Promise<void> | void)[] = [];
  /** Every sleep asked for, ms. */
  readonly sleeps: number[] = [];

  constructor(startMs = Date.parse('2026-12-05T18:45:20.000Z')) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /** Called after each advance with the new time. */
  onAdvance(hook: (nowMs: number) => Promise<void> | void): void {
    this.hooks.push(hook);
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    this.sleeps.push(ms);
    this.nowMs += ms;
    for (const hook of this.hooks) await hook(this.nowMs);
    // Let I/O of local servers and abort listeners run, as a real sleep would.
    await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(signal);
  }
}
