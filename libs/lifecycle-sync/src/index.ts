export { createLifecycleSyncHandler } from './create-handler';
export type { LifecycleSyncDeps, LifecycleSyncResult } from './create-handler';
export { configFromEnv } from './config';
export type { LifecycleSyncConfig } from './config';
export { classifyEvent } from './events';
export type { EventBridgeEvent, LifecycleActionDetail, Trigger } from './events';
export type { AutoScalingApi, Ec2Api, S3Api, CloudWatchApi, SyncLogger } from './clients';
export type { WriteRetryOptions } from './sync';
export { PAGE_LIMITS } from './fleet';
