export { createLifecycleSyncHandler } from './create-handler';
export type { LifecycleSyncDeps, LifecycleSyncResult } from './create-handler';
export { configFromEnv, ADDRESS_KINDS } from './config';
export type { AddressKind, LifecycleSyncConfig, LifecycleSyncEnv } from './config';
export { classifyEvent, DETAIL_TYPES } from './events';
export type { EventBridgeEvent, LifecycleActionDetail, Trigger } from './events';
export type { AutoScalingApi, Ec2Api, S3Api, CloudWatchApi, SyncLogger } from './clients';
export type { WriteRetryOptions } from './sync';
export { PAGE_LIMITS } from './fleet';
