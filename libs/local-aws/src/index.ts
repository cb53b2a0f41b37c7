export { startKinesalite, startS3rver } from './servers';
export type { LocalServer } from './servers';
export { localKinesisClient, localS3Client, createLocalStream, createLocalBucket } from './clients';
export { ShardPoller } from './poller';
export type { PollerOptions, PollerFailure, PollerStats } from './poller';
export { KinesisBatchPoller } from './poller-batch';
export type { BatchHandler } from './poller-batch';
export { KinesisWindowPoller } from './poller-window';
export type { TumblingWindowHandler, WindowPollerOptions, WindowState } from './poller-window';
