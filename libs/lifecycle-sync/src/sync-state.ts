import { applicationNameProblem } from '@fleetlog/pipeline-config';
import { canonicalHost } from '@fleetlog/reference-data';
import type { GroupOptIn } from './opt-in';

/** A host that left the fleet, kept in the map until `expiresAt` for its late logs. */
export interface RemovedHost {
  host: string;
  applicationName: string;
  contact: string | null;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * `reference/sync-state.json`: our own bookkeeping. `groups` caches each group's hook
 * NotificationMetadata (null: the group has no fleetlog hook metadata) so that a lifecycle event
 * does not need one DescribeLifecycleHooks call per group; the schedule refreshes it.
 */
export interface SyncState {
  version: 1;
  removedHosts: RemovedHost[];
  groups: Record<string, GroupOptIn | null>;
}

export const emptyState = (): SyncState => ({ version: 1, removedHosts: [], groups: {} });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A name the map could carry: state written before names were checked may hold one that
 * CloudWatch refuses, and rendering it would fail the sync for every group.
 */
function isUsableName(value: unknown): value is string {
  return typeof value === 'string' && applicationNameProblem(value) === null;
}

function parseOptIn(value: unknown): GroupOptIn | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isUsableName(value['applicationName'])) return undefined;
  const contact = value['contact'];
  return {
    applicationName: value['applicationName'],
    contact: typeof contact === 'string' ? contact : null,
  };
}

/**
 * Parses the state file. Bad entries are skipped and reported; a broken file yields the empty
 * state (nothing is lost: removed hosts still in the map get a fresh grace period).
 */
export function parseSyncState(text: string): { state: SyncState; problems: string[] } {
  const problems: string[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { state: emptyState(), problems: [`not JSON: ${(error as Error).message}`] };
  }
  if (!isRecord(value) || value['version'] !== 1) {
    return { state: emptyState(), problems: ['not a version 1 sync state'] };
  }
  const state = emptyState();
  const removed = Array.isArray(value['removedHosts']) ? value['removedHosts'] : [];
  removed.forEach((entry: unknown, index) => {
    const host =
      isRecord(entry) && typeof entry['host'] === 'string' ? canonicalHost(entry['host']) : null;
    if (
      !isRecord(entry) ||
      host === null ||
      !isUsableName(entry['applicationName']) ||
      typeof entry['expiresAt'] !== 'number'
    ) {
      problems.push(`removedHosts[${index}] is malformed`);
      return;
    }
    const contact = entry['contact'];
    state.removedHosts.push({
      host,
      applicationName: entry['applicationName'],
      contact: typeof contact === 'string' ? contact : null,
      expiresAt: entry['expiresAt'],
    });
  });
  const groups = isRecord(value['groups']) ? value['groups'] : {};
  for (const [name, entry] of Object.entries(groups)) {
    const optIn = parseOptIn(entry);
    if (optIn === undefined) problems.push(`groups[${JSON.stringify(name)}] is malformed`);
    else state.groups[name] = optIn;
  }
  return { state, problems };
}

/** Deterministic text (sorted), so that an unchanged state is never rewritten. */
export function renderSyncState(state: SyncState): string {
  const removedHosts = [...state.removedHosts].sort((a, b) =>
    a.host < b.host ? -1 : a.host > b.host ? 1 : 0,
  );
  const groups = Object.fromEntries(
    Object.keys(state.groups)
      .sort()
      .map((name) => [name, state.groups[name]]),
  );
  return `${JSON.stringify({ version: 1, removedHosts, groups }, null, 2)}\n`;
}
