import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { withRetry } from '@fleetlog/aws-kit';
import {
  diffTables,
  parseReferenceCsv,
  renderReferenceCsv,
  type HostRow,
} from '@fleetlog/reference-data';
import type { AutoScalingApi, Ec2Api, S3Api, SyncLogger } from './clients';
import type { LifecycleSyncConfig } from './config';
import { discoverFleet, type FleetQuery } from './fleet';
import { mergeHosts } from './merge';
import { isWriteConflict, readText, writeTextIfUnchanged, type StoredText } from './store';
import { emptyState, parseSyncState, renderSyncState, type SyncState } from './sync-state';

/** Backoff of the read-render-write cycle (DEFAULT_WRITE_RETRY when not given). */
export interface WriteRetryOptions {
  /** Attempts in all for the read-render-write cycle when another run wrote first. */
  attempts: number;
  /** Backoff before the second attempt, ms; doubles per attempt, with full jitter. */
  baseDelayMs: number;
  /** Cap of one backoff, ms. */
  maxDelayMs: number;
  /**
   * Injectable for tests.
   * @default a `setTimeout` sleep
   */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_WRITE_RETRY: WriteRetryOptions = {
  attempts: 10,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
};

export interface SyncDeps {
  config: LifecycleSyncConfig;
  autoScaling: AutoScalingApi;
  ec2: Ec2Api;
  s3: S3Api;
  logger: SyncLogger;
  now: () => number;
  retry: WriteRetryOptions;
}

export interface SyncRequest {
  eventGroup?: FleetQuery['eventGroup'];
  refreshHooks: boolean;
  /** A lifecycle event of a group that is not opted in changes nothing: skip the S3 work. */
  skipUnlessEventGroupOptedIn: boolean;
}

/** What a sync did to the map and its state; the handler reports it as is. */
export interface SyncChanges {
  /** Whether the map was rewritten (it differed from the rendered one). */
  written: boolean;
  /** Whether `reference/sync-state.json` was rewritten. */
  stateWritten: boolean;
  /** Rows in the map now. */
  hosts: number;
  /** Hosts added to the map. */
  added: string[];
  /** Hosts no longer in the map (grace period over, or a static row deleted). */
  removed: string[];
  /** Hosts whose application or contact changed. */
  changed: string[];
  /** Hosts kept for their grace period after their instance left. */
  inGrace: number;
  /** Read-render-write cycles used (more than 1 after concurrent writes). */
  attempts: number;
  /** Live instances of opted-in groups without an address of the configured kinds (not mapped). */
  withoutAddress: { instanceId: string; groupName: string }[];
}

/** Nothing written, nothing changed: where a sync (or a handler that does not sync) starts. */
export function noChanges(withoutAddress: SyncChanges['withoutAddress'] = []): SyncChanges {
  return {
    written: false,
    stateWritten: false,
    hosts: 0,
    added: [],
    removed: [],
    changed: [],
    inGrace: 0,
    attempts: 0,
    withoutAddress,
  };
}

export interface SyncOutcome extends SyncChanges {
  /** The event's group is not opted in; nothing was read or written beyond the discovery. */
  skipped: boolean;
}

/** The static rows must never be lost: a broken file stops the sync instead of being skipped. */
export class StaticHostsError extends Error {
  constructor(readonly problems: { line: number; message: string }[]) {
    super(
      `${REFERENCE_KEYS.staticHosts} is invalid: ${problems
        .slice(0, 5)
        .map((p) => `line ${p.line}: ${p.message}`)
        .join('; ')}`,
    );
    this.name = 'StaticHostsError';
  }
}

function readState(read: StoredText, logger: SyncLogger): SyncState {
  if (read.text === undefined) return emptyState();
  const { state, problems } = parseSyncState(read.text);
  if (problems.length > 0)
    logger.error('sync state has problems; affected entries are rebuilt', { problems });
  return state;
}

function readMapRows(read: StoredText, logger: SyncLogger): HostRow[] {
  if (read.text === undefined) return [];
  const parsed = parseReferenceCsv(read.text);
  if (parsed.ok) return parsed.rows;
  // Overwritten below with a valid render; hosts that vanished from it get no grace this once.
  logger.error('current reference map is invalid; it will be replaced', {
    errors: parsed.errors.slice(0, 10),
  });
  return [];
}

/**
 * One reconcile: fleet truth + static rows + grace → map, written only if it differs, with
 * conditional writes (IfMatch / IfNoneMatch). A conflict means another run wrote first: read
 * everything again and re-render, a bounded number of times. A host the newer map has but our
 * view lacks is kept in grace, so even a stale view never drops a host.
 */
export async function runSync(deps: SyncDeps, request: SyncRequest): Promise<SyncOutcome> {
  const { config, s3, logger } = deps;
  const bucket = config.bucket;
  const discover = (cached: SyncState) =>
    discoverFleet({
      config,
      cachedGroups: cached.groups,
      eventGroup: request.eventGroup,
      refreshHooks: request.refreshHooks,
      autoScaling: deps.autoScaling,
      ec2: deps.ec2,
      logger,
    });
  const firstStateRead = await readText(s3, bucket, REFERENCE_KEYS.syncState);
  const firstState = readState(firstStateRead, logger);
  const firstFleet = await discover(firstState);
  for (const missing of firstFleet.withoutAddress) {
    logger.warn('instance has no address of the configured kinds; not mapped', {
      ...missing,
      addressKinds: config.addressKinds,
    });
  }
  const outcome: SyncOutcome = { skipped: false, ...noChanges(firstFleet.withoutAddress) };
  if (request.skipUnlessEventGroupOptedIn && !firstFleet.eventGroupOptedIn) {
    return { ...outcome, skipped: true };
  }

  const graceMs = config.gracePeriodMinutes * 60_000;
  // A write that succeeded in an attempt whose later step conflicted still counts as written.
  let mapWritten = false;
  let stateWrittenOnce = false;
  return withRetry(
    async (attempt) => {
      // After a conflict, everything is read again: state, fleet (another run may have seen a
      // newer one) and the objects, so that the render never rests on a stale view.
      const stateRead =
        attempt === 1 ? firstStateRead : await readText(s3, bucket, REFERENCE_KEYS.syncState);
      const state = attempt === 1 ? firstState : readState(stateRead, logger);
      const fleet = attempt === 1 ? firstFleet : await discover(state);
      const [staticRead, mapRead] = await Promise.all([
        readText(s3, bucket, REFERENCE_KEYS.staticHosts),
        readText(s3, bucket, REFERENCE_KEYS.map),
      ]);
      let staticRows: HostRow[] = [];
      if (staticRead.text !== undefined) {
        const parsed = parseReferenceCsv(staticRead.text);
        if (!parsed.ok) throw new StaticHostsError(parsed.errors);
        staticRows = parsed.rows;
      }
      const previousRows = readMapRows(mapRead, logger);

      const now = deps.now();
      const merged = mergeHosts({
        staticRows,
        live: fleet.live,
        previousRows,
        removedHosts: state.removedHosts,
        now,
        graceMs,
      });
      for (const conflict of merged.conflicts) {
        logger.warn('host claimed twice; the first claim wins', conflict);
      }
      if (merged.expired.length > 0) {
        logger.info('grace period over; hosts removed', {
          hosts: merged.expired.map((e) => e.host),
        });
      }

      const mapText = renderReferenceCsv(merged.rows);
      const stateText = renderSyncState({
        version: 1,
        removedHosts: merged.removedHosts,
        groups: fleet.groupCache,
      });
      const written = mapText !== mapRead.text;
      // The map first: it is what readers use; a state write lost after it only lengthens a grace.
      if (written) {
        await writeTextIfUnchanged(
          s3,
          bucket,
          REFERENCE_KEYS.map,
          mapText,
          mapRead,
          'text/csv; charset=utf-8',
        );
        mapWritten = true;
      }
      const stateWritten = stateText !== stateRead.text;
      if (stateWritten) {
        await writeTextIfUnchanged(
          s3,
          bucket,
          REFERENCE_KEYS.syncState,
          stateText,
          stateRead,
          'application/json',
        );
        stateWrittenOnce = true;
      }
      const diff = diffTables(previousRows, merged.rows);
      return {
        ...outcome,
        written: mapWritten,
        stateWritten: stateWrittenOnce,
        hosts: merged.rows.length,
        added: diff.added.map((row) => row.host),
        removed: diff.removed.map((row) => row.host),
        changed: diff.changed.map((change) => change.after.host),
        inGrace: merged.removedHosts.length,
        attempts: attempt,
      };
    },
    {
      attempts: deps.retry.attempts,
      baseDelayMs: deps.retry.baseDelayMs,
      maxDelayMs: deps.retry.maxDelayMs,
      sleep: deps.retry.sleep,
      isRetryable: (error) => {
        if (!isWriteConflict(error)) return false;
        logger.info('reference object changed concurrently; re-reading', {
          error: (error as Error).name,
        });
        return true;
      },
    },
  );
}
