import { canonicalHost, type HostRow } from '@fleetlog/reference-data';
import type { RemovedHost } from './sync-state';

/** A host of a live instance in an opted-in group. */
export interface LiveHost extends HostRow {
  instanceId: string;
  groupName: string;
}

export interface MergeInput {
  staticRows: readonly HostRow[];
  live: readonly LiveHost[];
  /** Rows of the map as it is now in S3. */
  previousRows: readonly HostRow[];
  removedHosts: readonly RemovedHost[];
  now: number;
  graceMs: number;
}

export interface MergeOutput {
  rows: HostRow[];
  removedHosts: RemovedHost[];
  /** Live hosts that a static row or another instance already claims (first claimant wins). */
  conflicts: { host: string; kept: string; dropped: string }[];
  expired: RemovedHost[];
}

const key = (host: string) => canonicalHost(host) ?? host;
const toRow = ({ host, applicationName, contact }: HostRow): HostRow => ({
  host,
  applicationName,
  contact,
});

/**
 * The map from the truth: static rows win over everything; then live instances; then hosts that
 * left the fleet, kept until their grace period ends. A host that was in the map and is neither
 * static, live nor already in grace has just left: its grace period starts now. A live instance
 * that reuses an address in grace takes it over at once. Pure: same input, same output.
 */
export function mergeHosts(input: MergeInput): MergeOutput {
  const conflicts: MergeOutput['conflicts'] = [];
  const rows = new Map<string, HostRow>();
  const describe = (row: HostRow, origin: string) => `${origin} ${row.applicationName}`;

  const staticHosts = new Set<string>();
  for (const row of input.staticRows) {
    const host = key(row.host);
    staticHosts.add(host);
    rows.set(host, toRow({ ...row, host }));
  }

  // Sorted so that the winner among instances claiming one address never depends on event order.
  const live = [...input.live].sort((a, b) =>
    a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0,
  );
  const liveOwner = new Map<string, LiveHost>();
  for (const instance of live) {
    const host = key(instance.host);
    const existing = rows.get(host);
    if (existing !== undefined) {
      const owner = liveOwner.get(host);
      if (owner?.instanceId === instance.instanceId) continue; // same instance, second address kind
      conflicts.push({
        host,
        kept: owner
          ? `instance ${owner.instanceId} (${owner.applicationName})`
          : describe(existing, 'static row'),
        dropped: `instance ${instance.instanceId} (${instance.applicationName})`,
      });
      continue;
    }
    liveOwner.set(host, instance);
    rows.set(host, toRow({ ...instance, host }));
  }

  const removedHosts: RemovedHost[] = [];
  const expired: RemovedHost[] = [];
  const inGrace = new Set<string>();
  for (const entry of input.removedHosts) {
    const host = key(entry.host);
    inGrace.add(host); // expired ones too, so they are not given a fresh period below
    if (rows.has(host)) continue; // taken over by a static row or a new instance
    if (entry.expiresAt <= input.now) {
      expired.push(entry);
      continue;
    }
    removedHosts.push({ ...entry, host });
    rows.set(host, toRow({ ...entry, host }));
  }
  for (const row of input.previousRows) {
    const host = key(row.host);
    if (rows.has(host) || inGrace.has(host) || input.graceMs <= 0) continue;
    const entry: RemovedHost = { ...toRow(row), host, expiresAt: input.now + input.graceMs };
    removedHosts.push(entry);
    rows.set(host, toRow(entry));
  }

  return { rows: [...rows.values()], removedHosts, conflicts, expired };
}
