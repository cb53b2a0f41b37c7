import { PIPELINE_FUNCTIONS, PIPELINE_STREAMS, pipelineFunctions } from './index';

// Lambda quotas (Lambda developer guide, "Lambda quotas") and Kinesis event source mapping
// limits (CreateEventSourceMapping API reference: BatchSize, ParallelizationFactor).
const LAMBDA = { minMemoryMb: 128, maxMemoryMb: 10_240, maxTimeoutSeconds: 900 };
const KINESIS_MAPPING = { maxBatchSize: 10_000, maxParallelizationFactor: 10 };

describe('PIPELINE_FUNCTIONS', () => {
  it('sizes every function within the Lambda quotas', () => {
    for (const fn of pipelineFunctions()) {
      expect(fn.memorySizeMb).toBeGreaterThanOrEqual(LAMBDA.minMemoryMb);
      expect(fn.memorySizeMb).toBeLessThanOrEqual(LAMBDA.maxMemoryMb);
      expect(Number.isInteger(fn.timeoutSeconds)).toBe(true);
      expect(fn.timeoutSeconds).toBeGreaterThan(0);
      expect(fn.timeoutSeconds).toBeLessThanOrEqual(LAMBDA.maxTimeoutSeconds);
    }
  });

  it('feeds each stream consumer from a pipeline stream within the mapping limits', () => {
    const consumers = pipelineFunctions().flatMap((fn) => (fn.trigger === 'stream' ? [fn] : []));
    expect(consumers.map((fn) => fn.stream)).toEqual([...PIPELINE_STREAMS]);
    for (const fn of consumers) {
      expect(fn.batchSize).toBeGreaterThanOrEqual(1);
      expect(fn.batchSize).toBeLessThanOrEqual(KINESIS_MAPPING.maxBatchSize);
      const factor = fn.parallelizationFactor ?? 1;
      expect(factor).toBeGreaterThanOrEqual(1);
      expect(factor).toBeLessThanOrEqual(KINESIS_MAPPING.maxParallelizationFactor);
    }
  });

  it('keeps one aggregator invocation chain per shard (window state is per chain)', () => {
    expect(PIPELINE_FUNCTIONS.aggregator.parallelizationFactor).toBe(1);
  });

  it('gives every function and failure queue its own name', () => {
    const names = pipelineFunctions().flatMap((fn) => [fn.name, fn.failureQueueName]);
    expect(new Set(names).size).toBe(names.length);
  });
});
