/**
 * Lambda's asynchronous invocation of one function under a concurrency limit, on a virtual clock
 * (no real time passes). What it models, from "How Lambda handles errors and retries with
 * asynchronous invocation" (Lambda developer guide, invocation-async-error-handling):
 *
 * - "If the function doesn't have enough concurrency available to process all events, additional
 *   requests are throttled. For throttling errors (429) ... Lambda returns the event to the queue
 *   and attempts to run the function again for up to 6 hours by default. The retry interval
 *   increases exponentially from 1 second after the first attempt to a maximum of 5 minutes."
 * - An event older than the function's maximum event age is discarded (to the on-failure
 *   destination); fleetlog sets 1 hour for lifecycle-sync (infra `asyncPipelineFunction`).
 *
 * What it leaves out: Lambda also "increases the retry interval and reduces the rate at which it
 * reads events from the queue" when the queue is long (unquantified), so real waits can be longer
 * than here; the maximum event age bounds them either way. Whether the retries are jittered is
 * not documented (`retryDelayMs`). Function errors (retried twice) do not happen here: the handler
 * never throws.
 */

export interface AsyncLambdaOptions {
  /** Invocations that may run at once: the account's unreserved concurrency left to the function. */
  readonly concurrency: number;
  /** Virtual time one invocation holds its slot, ms. */
  readonly durationMs: number;
  /** Events older than this are discarded instead of retried, ms. */
  readonly maxEventAgeMs: number;
  /** Called at the virtual time an invocation starts (to move the handler's clock). */
  readonly onStart?: (nowMs: number) => void;
  /**
   * The wait before a throttled event's next attempt, given the documented interval. Lambda does
   * not document jitter; without it (the default) events throttled together retry in lockstep,
   * the worst case.
   * @default the documented interval itself
   */
  readonly retryDelayMs?: (intervalMs: number) => number;
}

/** The documented throttle retry interval: 1 s after the first attempt, doubling, 5 min at most. */
export const THROTTLE_RETRY_FIRST_MS = 1_000;
export const THROTTLE_RETRY_MAX_MS = 5 * 60_000;

export function throttleRetryDelayMs(throttles: number): number {
  return Math.min(THROTTLE_RETRY_FIRST_MS * 2 ** (throttles - 1), THROTTLE_RETRY_MAX_MS);
}

interface Due {
  atMs: number;
  seq: number;
  run: () => Promise<void> | void;
}

export interface InvocationRecord {
  readonly enqueuedAtMs: number;
  startedAtMs?: number;
  throttles: number;
  discarded: boolean;
}

/** One function's asynchronous event queue; `enqueue` events, then `drain`. */
export class AsyncLambda<E, R> {
  readonly records: InvocationRecord[] = [];
  readonly results: R[] = [];
  /** Most invocations seen running at once. */
  peakRunning = 0;
  private running = 0;
  private nowMs = 0;
  private seq = 0;
  private readonly due: Due[] = [];

  constructor(
    private readonly handler: (event: E) => Promise<R>,
    private readonly options: AsyncLambdaOptions,
  ) {}

  /** An event arrives (EventBridge's asynchronous Invoke) at `atMs`. */
  enqueue(atMs: number, event: E): InvocationRecord {
    const record: InvocationRecord = { enqueuedAtMs: atMs, throttles: 0, discarded: false };
    this.records.push(record);
    this.at(atMs, () => this.attempt(record, event));
    return record;
  }

  /** Runs virtual time until nothing is due; resolves when the last invocation has ended. */
  async drain(): Promise<number> {
    while (this.due.length > 0) {
      this.due.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      const next = this.due.shift() as Due;
      this.nowMs = next.atMs;
      await next.run();
    }
    return this.nowMs;
  }

  /** Schedules `run` at `atMs`; the hook heartbeats use it too. */
  at(atMs: number, run: () => Promise<void> | void): void {
    this.due.push({ atMs, seq: this.seq++, run });
  }

  private attempt(record: InvocationRecord, event: E): void {
    if (this.nowMs - record.enqueuedAtMs > this.options.maxEventAgeMs) {
      record.discarded = true;
      return;
    }
    if (this.running >= this.options.concurrency) {
      record.throttles += 1;
      const intervalMs = throttleRetryDelayMs(record.throttles);
      const delayMs = this.options.retryDelayMs?.(intervalMs) ?? intervalMs;
      this.at(this.nowMs + delayMs, () => this.attempt(record, event));
      return;
    }
    this.running += 1;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    record.startedAtMs = this.nowMs;
    this.options.onStart?.(this.nowMs);
    // The invocation runs on the event loop beside the others that hold a slot; its slot is given
    // back at the end of its virtual duration, once its promise has settled.
    const result = this.handler(event);
    this.at(this.nowMs + this.options.durationMs, async () => {
      this.results.push(await result);
      this.running -= 1;
    });
  }
}
