export { createApp, DEFAULT_STACK_NAME } from './app';
export type { CreateAppOptions } from './app';
export { FleetLogStack } from './fleetlog-stack';
export type { FleetLogStackProps } from './fleetlog-stack';
export { resolveConfig } from './config';
export type { FleetLogConfig, ResolvedConfig, WatchedGroup, StreamModeName } from './config';
export { configFromContext } from './context';
export { addNagChecks } from './nag';
