import {
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  type AutoScalingGroup,
  type DescribeAutoScalingGroupsCommandOutput,
  type DescribeLifecycleHooksCommandOutput,
  type Filter as AsgFilter,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  type Filter as Ec2Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import { instanceAddresses } from './addresses';
import type { AutoScalingApi, Ec2Api, SyncLogger } from './clients';
import type { LifecycleSyncConfig } from './config';
import type { LiveHost } from './merge';
import { optInFromTags, parseNotificationMetadata, type GroupOptIn } from './opt-in';

/** API page sizes (the service maxima) and the EC2 limit of values in one filter. */
export const PAGE_LIMITS = {
  groups: 100,
  groupNames: 100,
  instances: 1000,
  filterValues: 200,
} as const;

export interface FleetQuery {
  config: LifecycleSyncConfig;
  /** Cached hook metadata from the sync state. */
  cachedGroups: Readonly<Record<string, GroupOptIn | null>>;
  /** The group of the triggering event, with the hook metadata the event carried. */
  eventGroup?: {
    name: string;
    notificationMetadata?: string;
    instanceId?: string;
    eventId?: string;
  };
  /** Re-read every hook's metadata instead of trusting the cache (the scheduled reconcile). */
  refreshHooks: boolean;
  autoScaling: AutoScalingApi;
  ec2: Ec2Api;
  logger: SyncLogger;
}

export interface Fleet {
  /** Opted-in groups by name. */
  groups: Map<string, GroupOptIn & { source: 'tags' | 'hook' }>;
  live: LiveHost[];
  /** Hook metadata cache for the sync state (replaces the cached one). */
  groupCache: Record<string, GroupOptIn | null>;
  /** Live instances of opted-in groups without an address of the configured kinds. */
  withoutAddress: { instanceId: string; groupName: string }[];
  /** Whether the event's group (if any) exists and is opted in. */
  eventGroupOptedIn: boolean;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function describeGroups(
  autoScaling: AutoScalingApi,
  request: { AutoScalingGroupNames?: string[]; Filters?: AsgFilter[] },
): Promise<AutoScalingGroup[]> {
  const groups: AutoScalingGroup[] = [];
  let NextToken: string | undefined;
  do {
    const page = (await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        ...request,
        MaxRecords: PAGE_LIMITS.groups,
        NextToken,
      }),
    )) as DescribeAutoScalingGroupsCommandOutput;
    groups.push(...(page.AutoScalingGroups ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return groups;
}

async function describeInstances(ec2: Ec2Api, filters: Ec2Filter[]): Promise<Instance[]> {
  const instances: Instance[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeInstancesCommand({
        Filters: filters,
        MaxResults: PAGE_LIMITS.instances,
        NextToken,
      }),
    );
    for (const reservation of page.Reservations ?? [])
      instances.push(...(reservation.Instances ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return instances;
}

/** The first hook (by name) whose metadata opts the group in; null if none does. */
async function hookOptIn(
  autoScaling: AutoScalingApi,
  groupName: string,
  logger: SyncLogger,
): Promise<GroupOptIn | null> {
  const out = (await autoScaling.send(
    new DescribeLifecycleHooksCommand({ AutoScalingGroupName: groupName }),
  )) as DescribeLifecycleHooksCommandOutput;
  const hooks = [...(out.LifecycleHooks ?? [])].sort((a, b) =>
    (a.LifecycleHookName ?? '').localeCompare(b.LifecycleHookName ?? ''),
  );
  for (const hook of hooks) {
    if (hook.NotificationMetadata === undefined) continue;
    const parsed = parseNotificationMetadata(hook.NotificationMetadata);
    if (parsed.ok) return parsed.optIn;
    logger.warn('lifecycle hook metadata ignored', {
      groupName,
      hookName: hook.LifecycleHookName,
      reason: parsed.reason,
    });
  }
  return null;
}

/** An instance is in the fleet (and may log) until Auto Scaling reports it terminated. */
const isLive = (state: string | undefined) =>
  state !== undefined && state !== 'Terminated' && !state.startsWith('Warmed:');

/**
 * Discovers the opted-in groups and the addresses of their live instances, the launching one at
 * Pending:Wait included. Calls: DescribeAutoScalingGroups by opt-in tag (only with tag opt-in),
 * then by name for watched and known groups not found that way (100 per page);
 * DescribeLifecycleHooks only for a group
 * whose metadata is not cached (or all of them on a refresh); DescribeInstances by the groups'
 * `aws:autoscaling:groupName` tag (1,000 per page), then by instance id for any instance that
 * query missed (a tag not yet visible right after launch).
 */
export async function discoverFleet(query: FleetQuery): Promise<Fleet> {
  const { config, cachedGroups, eventGroup, autoScaling, ec2, logger } = query;

  const byName = new Map<string, AutoScalingGroup>();
  // Without tag opt-in, tags opt nothing in: no group is even looked up by them.
  const tagOptIn = config.tagOptIn ?? true;
  const tagged = tagOptIn
    ? await describeGroups(autoScaling, {
        Filters: [{ Name: 'tag-key', Values: [config.tagKeys.application] }],
      })
    : [];
  for (const group of tagged) {
    if (group.AutoScalingGroupName) byName.set(group.AutoScalingGroupName, group);
  }
  // Groups whose opt-in may come from a hook: watched ones, ones known from earlier events, this one.
  const hookCandidates = new Set<string>([
    ...config.watchedGroups,
    ...Object.keys(cachedGroups).filter((name) => cachedGroups[name] !== null),
    ...(eventGroup ? [eventGroup.name] : []),
  ]);
  const unseen = [...hookCandidates].filter((name) => !byName.has(name)).sort();
  for (const names of chunks(unseen, PAGE_LIMITS.groupNames)) {
    for (const group of await describeGroups(autoScaling, { AutoScalingGroupNames: names })) {
      if (group.AutoScalingGroupName) byName.set(group.AutoScalingGroupName, group);
    }
  }

  const groups: Fleet['groups'] = new Map();
  const groupCache: Record<string, GroupOptIn | null> = {};
  const needHooks: string[] = [];
  for (const [name, group] of byName) {
    const byTags = tagOptIn ? optInFromTags(group.Tags, config.tagKeys) : null;
    if (byTags?.ok === false) {
      logger.warn('group tag ignored', { groupName: name, reason: byTags.reason });
    }
    const fromTags = byTags?.ok ? byTags.optIn : null;
    let fromEvent: GroupOptIn | undefined;
    if (eventGroup?.name === name && eventGroup.notificationMetadata !== undefined) {
      const parsed = parseNotificationMetadata(eventGroup.notificationMetadata);
      if (parsed.ok) fromEvent = parsed.optIn;
      else {
        logger.warn('lifecycle event metadata ignored', {
          eventId: eventGroup.eventId,
          groupName: name,
          instanceId: eventGroup.instanceId,
          reason: parsed.reason,
        });
      }
    }
    if (fromEvent !== undefined) groupCache[name] = fromEvent;
    else if (hookCandidates.has(name) && name in cachedGroups && !query.refreshHooks) {
      groupCache[name] = cachedGroups[name];
    } else if (hookCandidates.has(name) && fromTags === null) needHooks.push(name);

    // Tags win: they come fresh with every DescribeAutoScalingGroups, hook metadata from a cache.
    if (fromTags !== null) groups.set(name, { ...fromTags, source: 'tags' });
  }
  for (const batch of chunks(needHooks, 10)) {
    const found = await Promise.all(batch.map((name) => hookOptIn(autoScaling, name, logger)));
    batch.forEach((name, i) => (groupCache[name] = found[i]));
  }
  for (const [name, optIn] of Object.entries(groupCache)) {
    if (optIn !== null && !groups.has(name)) groups.set(name, { ...optIn, source: 'hook' });
  }

  // Live instances of opted-in groups, then their addresses.
  const memberOf = new Map<string, string>();
  for (const name of [...groups.keys()].sort()) {
    for (const instance of byName.get(name)?.Instances ?? []) {
      if (instance.InstanceId && isLive(instance.LifecycleState))
        memberOf.set(instance.InstanceId, name);
    }
  }
  const described = new Map<string, Instance>();
  const keep = (instances: Instance[]) => {
    for (const instance of instances) {
      if (instance.InstanceId && memberOf.has(instance.InstanceId))
        described.set(instance.InstanceId, instance);
    }
  };
  if (memberOf.size > 0) {
    for (const names of chunks([...groups.keys()].sort(), PAGE_LIMITS.filterValues)) {
      keep(
        await describeInstances(ec2, [
          { Name: 'tag:aws:autoscaling:groupName', Values: names },
          {
            Name: 'instance-state-name',
            Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'],
          },
        ]),
      );
    }
    const missed = [...memberOf.keys()].filter((id) => !described.has(id));
    for (const ids of chunks(missed, PAGE_LIMITS.filterValues)) {
      keep(await describeInstances(ec2, [{ Name: 'instance-id', Values: ids }]));
    }
  }

  const live: LiveHost[] = [];
  const withoutAddress: Fleet['withoutAddress'] = [];
  for (const [instanceId, groupName] of memberOf) {
    const optIn = groups.get(groupName) as GroupOptIn;
    const instance = described.get(instanceId);
    const hosts = instance ? instanceAddresses(instance, config.addressKinds) : [];
    if (hosts.length === 0) withoutAddress.push({ instanceId, groupName });
    for (const host of hosts) {
      live.push({
        host,
        applicationName: optIn.applicationName,
        contact: optIn.contact,
        instanceId,
        groupName,
      });
    }
  }
  return {
    groups,
    live,
    groupCache,
    withoutAddress,
    eventGroupOptedIn: eventGroup !== undefined && groups.has(eventGroup.name),
  };
}
