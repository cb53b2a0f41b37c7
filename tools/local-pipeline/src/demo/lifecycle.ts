import { Logger } from '@aws-lambda-powertools/logger';
import {
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
} from '@fleetlog/pipeline-config';
import {
  createLifecycleSyncHandler,
  type CloudWatchApi,
  type LifecycleSyncConfig,
  type LifecycleSyncResult,
  type S3Api,
} from '../cloud/app-handlers';
import type { FleetEvent, SimulatedFleet } from '../fleet/simulated-fleet';

export type LifecycleHandler = (event: FleetEvent) => Promise<LifecycleSyncResult>;

export interface LifecycleOptions {
  fleet: SimulatedFleet;
  s3: S3Api;
  cloudWatch: CloudWatchApi;
  bucket: string;
  /** Simulated time: grace periods run on it. */
  now: () => number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/**
 * The real lifecycle-sync handler with its Auto Scaling and EC2 lookups answered by the simulated
 * fleet. Instances publish their IPv6 address too, so an IPv6-only caller is mapped.
 */
export function createLifecycleHandler(options: LifecycleOptions): LifecycleHandler {
  const config: LifecycleSyncConfig = {
    bucket: options.bucket,
    gracePeriodMinutes: DEFAULT_GRACE_PERIOD_MINUTES,
    tagKeys: { ...DEFAULT_TAG_KEYS },
    addressKinds: ['private-ipv4', 'ipv6'],
    watchedGroups: options.fleet.groups
      .filter((g) => g.optIn === 'hook-metadata')
      .map((g) => g.name),
    metricsNamespace: DEFAULT_NAMESPACE,
  };
  const handler = createLifecycleSyncHandler({
    autoScaling: options.fleet.autoScaling,
    ec2: options.fleet.ec2,
    s3: options.s3,
    cloudWatch: options.cloudWatch,
    config,
    now: options.now,
    logger: new Logger({ serviceName: 'lifecycle-sync', logLevel: options.logLevel ?? 'ERROR' }),
  });
  return (event) => handler(event);
}
