// The real Lambda handlers this tool drives. Nx forbids importing application projects by
// default; the local pipeline exists to run them, so this one module does (see the README).
export { createAggregatorHandler } from '@fleetlog/log-aggregator';
export {
  createPublisherHandler,
  sumAggregates,
  statusRangeCount,
} from '@fleetlog/metrics-publisher';
export type { PublishSummary } from '@fleetlog/metrics-publisher';
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
