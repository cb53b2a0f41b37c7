import { backoffDelay, isTransientAwsError, RateLimiter, withRetry } from './index';

describe('withRetry', () => {
  const noSleep = async () => undefined;

  it('returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('flaky');
        return 'done';
      },
      { attempts: 5, baseDelayMs: 10, sleep: noSleep },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('rethrows after the last attempt', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { attempts: 3, baseDelayMs: 10, sleep: noSleep },
      ),
    ).rejects.toThrow('fail 3');
    expect(calls).toBe(3);
  });

  it('does not retry a non-retryable error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('bad request');
        },
        { attempts: 5, baseDelayMs: 10, sleep: noSleep, isRetryable: () => false },
      ),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('backs off exponentially up to the cap', () => {
    expect(backoffDelay(1, 100, 1000, () => 0.999)).toBe(99);
    expect(backoffDelay(4, 100, 1000, () => 0.999)).toBe(799);
    expect(backoffDelay(10, 100, 1000, () => 0.999)).toBe(999);
  });
});

describe('isTransientAwsError', () => {
  it('recognises throttling and server errors', () => {
    expect(isTransientAwsError({ name: 'ThrottlingException' })).toBe(true);
    expect(isTransientAwsError({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransientAwsError({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } })).toBe(
      false,
    );
  });
});

describe('RateLimiter', () => {
  it('lets through the limit per interval and counts the rest', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.takeSuppressed()).toBe(1);
    now = 1000;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.takeSuppressed()).toBe(0);
  });
});
