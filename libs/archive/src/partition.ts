// The archive's partition layout (ARCHITECTURE.md section 6e): `dt=YYYY-MM-DD/hour=HH/` by event
// time, UTC, Hive style, so Athena (partition projection) and DuckDB (`hive_partitioning`) prune
// on the same two keys.

/** The partition keys, in path order: their names are columns of the table. */
export const PARTITION_KEYS = ['dt', 'hour'] as const;

/** One partition: `dt` is `YYYY-MM-DD`, `hour` is `00`..`23` (UTC). */
export interface ArchivePartition {
  dt: string;
  hour: string;
}

const HOUR_MS = 3_600_000;

/** The partition of an instant (ms since the epoch, UTC). */
export function partitionOf(epochMs: number): ArchivePartition {
  const iso = new Date(Math.floor(epochMs / HOUR_MS) * HOUR_MS).toISOString();
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

/** The folder of a partition under the archive's root, with a trailing slash: `dt=.../hour=.../`. */
export function partitionPath(partition: ArchivePartition): string {
  return `dt=${partition.dt}/hour=${partition.hour}/`;
}

/**
 * The S3 prefix expression of Firehose dynamic partitioning for this layout: the keys the
 * transformation returns in `metadata.partitionKeys`.
 */
export const FIREHOSE_PARTITION_PREFIX = PARTITION_KEYS.map(
  (key) => `${key}=!{partitionKeyFromLambda:${key}}/`,
).join('');
