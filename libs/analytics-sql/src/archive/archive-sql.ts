// The named queries as SQL, one text for two engines: DuckDB over a local archive folder and
// Athena over the Glue table. Only what the engines spell differently goes through the dialect
// (the source, integer division, a status map as JSON text, a time as ISO text); the README lists
// the differences that remain.
import { ARCHIVE_COLUMNS, partitionOf } from '@fleetlog/archive';
import { UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import { sqlString } from '../columns';
import type { NamedQuery } from './named-queries';

const HOUR_MS = 3_600_000;

/** What an engine spells its own way. */
export interface SqlDialect {
  /** The archive as a relation (a table function or a table name). */
  readonly source: string;
  /** `a / b` for non-negative integers, rounded down, as BIGINT. */
  intDiv(a: string, b: string): string;
  /** Aggregate over rows of (`key` text, `count`): a JSON object text, `{}` when no row has a key. */
  countsJson(key: string, count: string): string;
  /** Seconds since the epoch as ISO-8601 UTC text with milliseconds (`2015-05-17T10:05:00.000Z`). */
  isoOfSeconds(seconds: string): string;
}

/**
 * Where the values go: literals (checked parameters) or, for Athena's saved queries, `?`
 * execution parameters in text order.
 */
export interface SqlValues {
  fromMs(): string;
  toMs(): string;
  /** The partitions to read: one hour before the range (README, "Partitions") to its last hour. */
  partitions(): string;
  application(): string;
  host(): string;
}

/** Values of a checked named query, as SQL literals. */
export function literalValues(query: NamedQuery): SqlValues {
  const p = query.parameters;
  return {
    fromMs: () => String(p.fromMs),
    toMs: () => String(p.toMs),
    partitions: () => {
      const first = partitionOf(p.fromMs - HOUR_MS);
      const last = partitionOf(p.toMs - 1);
      const [d0, h0, d1, h1] = [first.dt, first.hour, last.dt, last.hour].map(sqlString);
      return `dt BETWEEN ${d0} AND ${d1} AND (dt > ${d0} OR hour >= ${h0}) AND (dt < ${d1} OR hour <= ${h1})`;
    },
    application: () => sqlString(p.application ?? ''),
    host: () => sqlString(p.host ?? ''),
  };
}

/** Three-digit status text, as the aggregate records write it (42 → '042'). */
const STATUS_TEXT = "lpad(CAST(status AS VARCHAR), 3, '0')";

function lines(d: SqlDialect, v: SqlValues, extra: string): string {
  return `lines AS (
  SELECT * FROM ${d.source}
  WHERE ${v.partitions()}
    AND NOT malformed AND epoch_ms >= ${v.fromMs()} AND epoch_ms < ${v.toMs()}${extra}
)`;
}

function limit(query: NamedQuery): string {
  return Number.isFinite(query.parameters.limit) ? `\nLIMIT ${query.parameters.limit}` : '';
}

function aggregate(q: NamedQuery, d: SqlDialect, v: SqlValues): string {
  const seconds = q.parameters.bucketMinutes * 60;
  const app =
    q.parameters.application !== undefined ? `\n    AND application_name = ${v.application()}` : '';
  return `WITH ${lines(d, v, app)},
per_status AS (
  SELECT
    ${d.intDiv('epoch_ms', String(seconds * 1000))} * ${seconds} AS bucket_s,
    application_name,
    status,
    MIN(contact) AS contact,
    COUNT(*) AS n,
    COALESCE(SUM(bytes), 0) AS b
  FROM lines
  GROUP BY 1, 2, 3
)
SELECT
  ${d.isoOfSeconds('bucket_s')} AS window_start,
  application_name,
  MIN(contact) AS contact,
  CAST(SUM(n) AS BIGINT) AS request_count,
  CAST(SUM(b) AS BIGINT) AS bytes,
  ${d.countsJson(STATUS_TEXT, 'n')} AS status_counts
FROM per_status
GROUP BY bucket_s, application_name
ORDER BY bucket_s, application_name${limit(q)}`;
}

function topPaths(q: NamedQuery, d: SqlDialect, v: SqlValues): string {
  return `WITH ${lines(d, v, `\n    AND application_name = ${v.application()}`)},
by_status AS (
  SELECT path, status, COUNT(*) AS n FROM lines GROUP BY path, status
),
paths AS (
  SELECT path, CAST(SUM(n) AS BIGINT) AS request_count, ${d.countsJson(STATUS_TEXT, 'n')} AS status_counts
  FROM by_status GROUP BY path
),
by_agent AS (
  SELECT path, user_agent, COUNT(*) AS n FROM lines GROUP BY path, user_agent
),
ranked AS (
  SELECT
    path,
    user_agent,
    row_number() OVER (PARTITION BY path ORDER BY n DESC, user_agent ASC NULLS LAST) AS rk,
    COUNT(*) OVER (PARTITION BY path) AS user_agents
  FROM by_agent
)
SELECT p.path, p.request_count, p.status_counts, r.user_agents, r.user_agent AS top_user_agent
FROM paths AS p
JOIN ranked AS r ON r.path IS NOT DISTINCT FROM p.path AND r.rk = 1
ORDER BY p.request_count DESC, p.path ASC NULLS LAST${limit(q)}`;
}

function hostRequests(q: NamedQuery, d: SqlDialect, v: SqlValues): string {
  return `WITH ${lines(d, v, `\n    AND host = ${v.host()}`)}
SELECT time, host, application_name, contact, method, path, protocol, status, bytes, referer, user_agent
FROM lines
ORDER BY epoch_ms, path ASC NULLS LAST${limit(q)}`;
}

function unknownHosts(q: NamedQuery, d: SqlDialect, v: SqlValues): string {
  return `WITH ${lines(d, v, `\n    AND application_name = ${sqlString(UNKNOWN_APPLICATION)}`)}
SELECT host, COUNT(*) AS request_count, MIN(time) AS first_seen, MAX(time) AS last_seen
FROM lines
GROUP BY host
ORDER BY request_count DESC, host ASC${limit(q)}`;
}

const RENDERERS = {
  aggregate,
  'top-paths': topPaths,
  host: hostRequests,
  'unknown-hosts': unknownHosts,
} as const;

/** The SQL of a checked named query in a dialect, with the given values. */
export function renderNamedQuery(
  query: NamedQuery,
  dialect: SqlDialect,
  values: SqlValues,
): string {
  return RENDERERS[query.name](query, dialect, values);
}

/** The archive's columns (ARCHIVE_COLUMNS) with their SQL types, for engines that need them. */
export const ARCHIVE_SQL_TYPES: readonly { name: string; sqlType: string }[] = ARCHIVE_COLUMNS.map(
  (c) => ({
    name: c.name,
    sqlType: { string: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', boolean: 'BOOLEAN' }[c.type],
  }),
);
