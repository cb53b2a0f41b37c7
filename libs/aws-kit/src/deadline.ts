/** The part of the Lambda context a handler reads for its deadline. */
export interface InvocationContext {
  /** Milliseconds until Lambda ends the invocation. */
  getRemainingTimeInMillis(): number;
}

/**
 * One invocation's deadline (ARCHITECTURE.md section 6c): work that could still be running when
 * Lambda ends the invocation is not started. The margin is the time kept free: at least the
 * longest the last call a handler lets start can take (its attempts at `AWS_CALL_ATTEMPT_MS`).
 * Without a context (local runs, specs) there is no deadline.
 */
export class InvocationDeadline {
  constructor(
    private readonly context: InvocationContext | undefined,
    /** Time kept free before the deadline, ms. */
    readonly marginMs: number,
  ) {}

  /** Milliseconds left; `Infinity` without a context. */
  remainingMs(): number {
    return this.context ? this.context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY;
  }

  /** Whether a call that first waits `waitMs` may still start, keeping the margin free. */
  canStart(waitMs = 0): boolean {
    return this.remainingMs() - waitMs > this.marginMs;
  }

  /** Whether the invocation has a deadline at all (a Lambda context). */
  get bounded(): boolean {
    return this.context !== undefined;
  }
}

/** Thrown where a handler stops because its deadline is near: nothing after it was started. */
export class DeadlineReached extends Error {
  constructor(what: string) {
    super(`deadline near: ${what} not started`);
    this.name = 'DeadlineReached';
  }
}
