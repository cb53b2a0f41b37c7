// The named queries in DuckDB over a local archive folder (the layout of @fleetlog/archive).
import { PARTITION_KEYS } from '@fleetlog/archive';
import { sqlString } from '../columns';
import { ARCHIVE_SQL_TYPES, literalValues, renderNamedQuery, type SqlDialect } from './archive-sql';
import type { NamedQuery } from './named-queries';

/**
 * The archive folder as a DuckDB relation: every `dt=*\/hour=*\/*.gz` file as newline-delimited
 * JSON with the archive's columns, the partition keys as VARCHAR columns (so `hour` stays `'09'`),
 * pruned by DuckDB's hive-partition filter pushdown.
 */
export function duckDbArchiveSource(archiveDir: string): string {
  const glob = `${archiveDir.replace(/\/+$/, '')}/${PARTITION_KEYS.map((k) => `${k}=*`).join('/')}/*.gz`;
  const columns = ARCHIVE_SQL_TYPES.map(
    (c) => `${sqlString(c.name)}: ${sqlString(c.sqlType)}`,
  ).join(', ');
  const hiveTypes = PARTITION_KEYS.map((k) => `${sqlString(k)}: 'VARCHAR'`).join(', ');
  return `read_json(${sqlString(glob)}, format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, hive_types = {${hiveTypes}}, columns = {${columns}})`;
}

/** DuckDB's spelling of the dialect points, over the archive folder `archiveDir`. */
export function duckDbDialect(archiveDir: string): SqlDialect {
  return {
    source: duckDbArchiveSource(archiveDir),
    intDiv: (a, b) => `(${a} // ${b})`,
    countsJson: (key, count) =>
      `COALESCE(CAST(to_json(map_from_entries(list((${key}, ${count}) ORDER BY ${key}) FILTER (WHERE status IS NOT NULL))) AS VARCHAR), '{}')`,
    isoOfSeconds: (s) => `strftime(make_timestamp(${s} * 1000000), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  };
}

/** A checked named query as DuckDB SQL over the archive folder `archiveDir`. */
export function renderDuckDbNamedQuery(query: NamedQuery, archiveDir: string): string {
  return renderNamedQuery(query, duckDbDialect(archiveDir), literalValues(query));
}
