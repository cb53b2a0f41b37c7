export { createPublisherHandler } from './publisher';
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
export { configFromEnv } from './config';
export type { PublisherConfig } from './config';
export { createDynamoLedger } from './dynamo-ledger';
export type { DynamoLedgerOptions } from './dynamo-ledger';
export type { ClaimState, LedgerClaim, PublishLedger } from './ledger';
export { Deadline, DEADLINE_MARGIN_MS, DEFAULT_LEASE_MS } from './deadline';
export type { InvocationContext } from './deadline';
