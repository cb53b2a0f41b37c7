export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff before the second attempt, ms; doubles per attempt, with full jitter. */
  baseDelayMs: number;
  /** Cap of one backoff, ms. */
  maxDelayMs?: number;
  /** Whether a thrown error is worth another attempt; others are rethrown at once. */
  isRetryable?: (error: unknown) => boolean;
  /**
   * Whether there is still time to wait `delayMs` and try again (a function's deadline); `false`
   * rethrows the last error at once instead of sleeping.
   * @default - always true
   */
  canWait?: (delayMs: number) => boolean;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff delay for the given 1-based retry number. */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs = 20_000,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)));
}

/** Runs `fn` until it resolves, a non-retryable error is thrown, or the attempts are spent. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const retryable = options.isRetryable ? options.isRetryable(error) : true;
      if (!retryable || attempt >= options.attempts) throw error;
      const delay = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, options.random);
      if (options.canWait && !options.canWait(delay)) throw error;
      await wait(delay);
    }
  }
}

/** AWS SDK v3 error name or Code, for matching service errors without importing every client. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** HTTP status of an AWS SDK v3 service error, if it carries one. */
export function awsHttpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const meta = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof meta?.httpStatusCode === 'number' ? meta.httpStatusCode : undefined;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'SlowDown',
]);

/** Throttling and 5xx errors: the ones a later attempt can cure. */
export function isTransientAwsError(error: unknown): boolean {
  const name = awsErrorName(error);
  if (name !== undefined && THROTTLING.has(name)) return true;
  const status = awsHttpStatus(error);
  return status === 429 || (status !== undefined && status >= 500);
}
