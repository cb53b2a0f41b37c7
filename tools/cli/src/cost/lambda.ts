import { SECONDS_PER_MONTH } from './units';

/** Lambda gives one full vCPU at 1,769 MB; below that, CPU share is proportional to memory. */
const FULL_VCPU_MB = 1769;

/** GB-seconds a Lambda of `memoryMb` bills for `cpuSeconds` of one-core work plus `waitSeconds`. */
export function lambdaGbSeconds(memoryMb: number, cpuSeconds: number, waitSeconds: number): number {
  const cpuShare = Math.min(1, memoryMb / FULL_VCPU_MB);
  return (memoryMb / 1024) * (cpuSeconds / cpuShare + waitSeconds);
}

/**
 * Invocations of a Kinesis consumer: full batches at high rates; at low rates Lambda polls each
 * shard about once a second and invokes whenever a poll finds a record (Poisson arrivals).
 */
export function consumerInvocations(records: number, shards: number, batchSize: number): number {
  if (records <= 0) return 0;
  const perShardPerSecond = records / shards / SECONDS_PER_MONTH;
  const polled = shards * SECONDS_PER_MONTH * -Math.expm1(-perShardPerSecond);
  return Math.max(Math.ceil(records / batchSize), polled);
}
