export { createAggregatorHandler, flushIdOf } from './aggregator';
export type { AggregatorDeps, AggregatorHandler, AggregatorResponse } from './aggregator';
export type {
  AggregatorState,
  AggregatorStateV1,
  BucketState,
  GroupState,
  EmptyState,
} from './window-state';
export { DEFAULT_TOP_HOST_COUNTERS } from './window-aggregate';
export { DEFAULT_MAX_STATE_BYTES } from './state-budget';
export { PIPELINE_PARTITION_KEY } from './output-writer';
export { configFromEnv } from './config';
export type { AggregatorConfig } from './config';
