/** Column names of the SQL tables, shared by the DuckDB loader, both SQL renderings and tests. */
export const LOG_COLUMNS = {
  host: 'host',
  epochMs: 'epoch_ms',
  status: 'status',
  bytes: 'bytes',
} as const;

export const REFERENCE_COLUMNS = {
  host: 'host',
  applicationName: 'application_name',
  contact: 'contact',
} as const;

export const AGGREGATE_COLUMNS = {
  windowStartEpochSeconds: 'window_start_epoch_s',
  applicationName: 'application_name',
  contact: 'contact',
  requestCount: 'request_count',
  bytes: 'bytes',
  statusCounts: 'status_counts',
} as const;

export const DEFAULT_TABLES = { logs: 'access_logs', reference: 'host_application_map' } as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A table name as a quoted SQL identifier; only plain names are accepted, so nothing can inject. */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`invalid SQL table name ${JSON.stringify(name)}: use letters, digits and _`);
  }
  return `"${name}"`;
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
