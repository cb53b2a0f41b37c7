import {
  backoffDelay,
  isTransientAwsError,
  kinesisStreamRecord,
  RateLimiter,
  withRetry,
} from './index';

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

  it('gives up at once, without sleeping, when there is no time left to wait', async () => {
    let calls = 0;
    const waits: number[] = [];
    const asked: number[] = [];
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        {
          attempts: 5,
          baseDelayMs: 100,
          random: () => 0.5,
          sleep: async (ms) => void waits.push(ms),
          canWait: (ms) => {
            asked.push(ms);
            return asked.length < 2;
          },
        },
      ),
    ).rejects.toThrow('fail 2');
    expect(calls).toBe(2);
    expect(waits).toEqual([50]);
    expect(asked).toEqual([50, 100]);
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
    expect(
      isTransientAwsError({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } }),
    ).toBe(false);
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

describe('kinesisStreamRecord', () => {
  it('shapes a record as a Lambda event source mapping delivers it', () => {
    const record = kinesisStreamRecord({
      shardId: 'shardId-000000000003',
      streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/in',
      partitionKey: 'pk',
      sequenceNumber: '4959',
      data: 'GET / 200',
      arrivalMs: 1431857103_250,
    });
    expect(record).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'pk',
        sequenceNumber: '4959',
        data: Buffer.from('GET / 200').toString('base64'),
        approximateArrivalTimestamp: 1431857103.25,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: 'shardId-000000000003:4959',
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/local',
      awsRegion: 'eu-west-1',
      eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/in',
    });
  });

  it('carries binary data byte for byte', () => {
    const bytes = Uint8Array.from([0x1f, 0x8b, 0x00, 0xff]);
    const record = kinesisStreamRecord({
      shardId: 's',
      streamArn: 'arn:aws:kinesis:us-east-1:1:stream/x',
      partitionKey: 'p',
      sequenceNumber: '1',
      data: bytes,
      arrivalMs: 0,
    });
    expect([...Buffer.from(record.kinesis.data, 'base64')]).toEqual([0x1f, 0x8b, 0x00, 0xff]);
  });

  it('carries only the bytes of a view into a larger buffer', () => {
    // Node pools small buffers: a subarray shares memory with unrelated bytes on both sides.
    const view = Buffer.from('xx-line one\n-yy').subarray(3, 12);
    const record = kinesisStreamRecord({
      shardId: 's',
      streamArn: 'arn:aws:kinesis:us-east-1:1:stream/x',
      partitionKey: 'p',
      sequenceNumber: '1',
      data: view,
      arrivalMs: 0,
    });
    expect(Buffer.from(record.kinesis.data, 'base64').toString()).toBe('line one\n');
  });
});
