import { Logger } from '@aws-lambda-powertools/logger';
import {
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
} from '@fleetlog/pipeline-config';
import {
  createLifecycleSyncHandler,
  type AutoScalingApi,
  type CloudWatchApi,
  type Ec2Api,
  type LifecycleSyncConfig,
  type LifecycleSyncResult,
  type S3Api,
} from '../cloud/app-handlers';
import type { FleetEvent } from '../fleet/fleet-events';
import type { GroupSpec } from '../fleet/simulated-fleet';

export type LifecycleHandler = (event: FleetEvent) => Promise<LifecycleSyncResult>;

export interface LifecycleOptions {
  /** The fleet's groups: those that opt in through hook metadata are the watched ones. */
  groups: readonly GroupSpec[];
  /** Auto Scaling and EC2 as the handler calls them (the simulated fleet's `FakeFleet`). */
  autoScaling: AutoScalingApi;
  ec2: Ec2Api;
  s3: S3Api;
  cloudWatch: CloudWatchApi;
  bucket: string;
  /** Simulated time: grace periods run on it. */
  now: () => number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/**
 * The real lifecycle-sync handler with its Auto Scaling and EC2 lookups answered by the given
 * clients (the simulated fleet's). Instances publish their IPv6 address too, so an IPv6-only
 * caller is mapped.
 */
export function createLifecycleHandler(options: LifecycleOptions): LifecycleHandler {
  const config: LifecycleSyncConfig = {
    bucket: options.bucket,
    gracePeriodMinutes: DEFAULT_GRACE_PERIOD_MINUTES,
    tagKeys: { ...DEFAULT_TAG_KEYS },
    addressKinds: ['private-ipv4', 'ipv6'],
    watchedGroups: options.groups.filter((g) => g.optIn === 'hook-metadata').map((g) => g.name),
    metricsNamespace: DEFAULT_NAMESPACE,
  };
  const handler = createLifecycleSyncHandler({
    autoScaling: options.autoScaling,
    ec2: options.ec2,
    s3: options.s3,
    cloudWatch: options.cloudWatch,
    config,
    now: options.now,
    logger: new Logger({ serviceName: 'lifecycle-sync', logLevel: options.logLevel ?? 'ERROR' }),
  });
  return (event) => handler(event);
}
