import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { canonicalHost } from '@fleetlog/reference-data';
import type { HostRow } from '@fleetlog/reference-data';
import {
  AGGREGATE_COLUMNS as A,
  DEFAULT_TABLES,
  LOG_COLUMNS as L,
  REFERENCE_COLUMNS as R,
} from './columns';
import { HOST_BITS_COLUMN, PREFIX_BITS_COLUMN, addressBits, blockBits } from './address-bits';
import { renderDuckDbAggregationSql } from './duckdb-sql';

/** The fields of a parsed log record the aggregation uses (as the aggregator's LogFields). */
export interface SqlLogRow {
  host: string;
  epochMs: number;
  status: number | null;
  bytes: number | null;
}

/** One (bucket, application) result row of the aggregation. */
export interface SqlAggregateRow {
  /** ISO-8601 UTC start of the one-minute event-time bucket. */
  windowStart: string;
  applicationName: string;
  contact: string | null;
  requestCount: number;
  bytes: number;
  /** Requests per status code; requests with no status are in requestCount only. */
  statusCounts: Record<string, number>;
}

function fail(index: number, field: string, value: unknown, expected: string): never {
  throw new TypeError(`logs[${index}].${field} must be ${expected}, got ${JSON.stringify(value)}`);
}

function appendLogs(appender: DuckDBAppender, logs: Iterable<SqlLogRow>): void {
  let index = 0;
  for (const row of logs) {
    if (typeof row.host !== 'string') fail(index, 'host', row.host, 'a string');
    if (!Number.isFinite(row.epochMs)) fail(index, 'epochMs', row.epochMs, 'a finite number');
    if (row.status !== null && !Number.isInteger(row.status))
      fail(index, 'status', row.status, 'an integer or null');
    if (row.bytes !== null && !Number.isSafeInteger(row.bytes))
      fail(index, 'bytes', row.bytes, 'an integer or null');
    // The same host key the aggregator's HostLookup ends up using: canonical IPv6, IPv4 as is.
    appender.appendVarchar(canonicalHost(row.host) ?? row.host);
    const bits = addressBits(row.host);
    if (bits === null) appender.appendNull();
    else appender.appendVarchar(bits);
    appender.appendBigInt(BigInt(Math.floor(row.epochMs)));
    if (row.status === null) appender.appendNull();
    else appender.appendInteger(row.status);
    if (row.bytes === null) appender.appendNull();
    else appender.appendBigInt(BigInt(row.bytes));
    appender.endRow();
    index++;
  }
}

function appendReference(appender: DuckDBAppender, reference: readonly HostRow[]): void {
  // One row per canonical host, later rows winning, exactly like HostLookup: a duplicate host
  // must not double the joined requests.
  const byHost = new Map<string, HostRow>();
  for (const row of reference) byHost.set(canonicalHost(row.host) ?? row.host, row);
  for (const [host, row] of byHost) {
    appender.appendVarchar(host);
    const bits = blockBits(host);
    if (bits === null) appender.appendNull();
    else appender.appendVarchar(bits);
    appender.appendVarchar(row.applicationName);
    if (row.contact === null) appender.appendNull();
    else appender.appendVarchar(row.contact);
    appender.endRow();
  }
}

async function load<T>(
  connection: DuckDBConnection,
  table: string,
  rows: T,
  append: (appender: DuckDBAppender, rows: T) => void,
): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    append(appender, rows);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function toNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

function toStatusCounts(value: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  // node-api gives a MAP as a list of { key, value } entries; NULL when no request had a status.
  for (const entry of (value as { key: string; value: bigint }[] | null) ?? []) {
    counts[entry.key] = toNumber(entry.value);
  }
  return counts;
}

/**
 * Runs the aggregation SQL in an in-memory DuckDB over `logs` and `reference`, loaded with
 * appenders. Log hosts are canonicalised on load (see appendLogs). Rows come back sorted by
 * windowStart, then applicationName. Throws a TypeError naming the first invalid log row.
 */
export async function runDuckDbAggregation(
  logs: Iterable<SqlLogRow>,
  reference: readonly HostRow[],
): Promise<SqlAggregateRow[]> {
  // Loaded on use: importing the library (infra, the CLI's other commands) never loads DuckDB.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE ${DEFAULT_TABLES.logs} (
        ${L.host} VARCHAR NOT NULL, ${HOST_BITS_COLUMN} VARCHAR, ${L.epochMs} BIGINT NOT NULL, ${L.status} INTEGER, ${L.bytes} BIGINT)`);
      await connection.run(`CREATE TABLE ${DEFAULT_TABLES.reference} (
        ${R.host} VARCHAR PRIMARY KEY, ${PREFIX_BITS_COLUMN} VARCHAR, ${R.applicationName} VARCHAR NOT NULL, ${R.contact} VARCHAR)`);
      await load(connection, DEFAULT_TABLES.logs, logs, appendLogs);
      await load(connection, DEFAULT_TABLES.reference, reference, appendReference);
      const reader = await connection.runAndReadAll(renderDuckDbAggregationSql());
      const rows = reader.getRowObjectsJS().map((row): SqlAggregateRow => ({
        windowStart: new Date(toNumber(row[A.windowStartEpochSeconds]) * 1000).toISOString(),
        applicationName: row[A.applicationName] as string,
        contact: (row[A.contact] as string | null) ?? null,
        requestCount: toNumber(row[A.requestCount]),
        bytes: toNumber(row[A.bytes]),
        statusCounts: toStatusCounts(row[A.statusCounts]),
      }));
      // Sorted again in JS: SQL collation and JS string order may differ outside ASCII.
      return rows.sort(
        (a, b) =>
          (a.windowStart < b.windowStart ? -1 : a.windowStart > b.windowStart ? 1 : 0) ||
          (a.applicationName < b.applicationName
            ? -1
            : a.applicationName > b.applicationName
              ? 1
              : 0),
      );
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
