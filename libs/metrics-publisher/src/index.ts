export { createPublisherHandler, CLOUDWATCH_MAX_FUTURE_MS } from './publisher';
export type { PublisherDeps, PublisherHandler, PublishSummary } from './publisher';
export {
  toMetricData,
  metricsOf,
  sumAggregates,
  addAggregate,
  duplicateKey,
  groupKey,
  statusRangeCount,
  datumCountOf,
} from './metric-data';
export { planChunks, estimateDatumBytes, PUT_METRIC_DATA_LIMITS } from './publish-plan';
export type { PublishChunk, PublishLimits, IndexedAggregate } from './publish-plan';
export { mergeRecentTopHosts, updateRecentTopHosts } from './recent-top-hosts';
export type {
  RecentTopHostsLimits,
  RecentTopHostsOptions,
  RecentTopHostsOutcome,
  RecentTopHostsS3,
} from './recent-top-hosts';
