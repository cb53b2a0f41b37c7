// The real Lambda handlers this tool drives. Nx forbids importing application projects by
// default; the local pipeline exists to run them, so this one module does (see the README).
// eslint-disable-next-line @nx/enforce-module-boundaries -- the integrator runs the real handlers
export { createAggregatorHandler } from '@fleetlog/log-aggregator';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the integrator runs the real handlers
export {
  createPublisherHandler,
  sumAggregates,
  statusRangeCount,
} from '@fleetlog/metrics-publisher';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the integrator runs the real handlers
export type { PublishSummary } from '@fleetlog/metrics-publisher';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the integrator runs the real handlers
export { createLifecycleSyncHandler } from '@fleetlog/lifecycle-sync';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the integrator runs the real handlers
export type {
  LifecycleSyncConfig,
  LifecycleSyncResult,
  CloudWatchApi,
  S3Api,
} from '@fleetlog/lifecycle-sync';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the integrator runs the real handlers
export { buildNotification } from '@fleetlog/notifier';
