// The real Lambda handler factories this tool drives, from their feature libraries: one module
// names every handler and helper the local runs take from them, so a reader finds them at once.
export { createAggregatorHandler } from '@fleetlog/log-aggregator';
export {
  createPublisherHandler,
  createDynamoLedger,
  DEFAULT_LEASE_MS,
  sumAggregates,
  statusRangeCount,
} from '@fleetlog/metrics-publisher';
export type { PublishLedger, PublishSummary } from '@fleetlog/metrics-publisher';
export { createLifecycleSyncHandler } from '@fleetlog/lifecycle-sync';
export type {
  LifecycleSyncConfig,
  LifecycleSyncResult,
  AutoScalingApi,
  CloudWatchApi,
  Ec2Api,
  S3Api,
} from '@fleetlog/lifecycle-sync';
export { buildNotification } from '@fleetlog/notifier';
