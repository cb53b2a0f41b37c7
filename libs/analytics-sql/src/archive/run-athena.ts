// Runs a query in Athena the way `fleetlog query --athena` does: start it in the stack's workgroup,
// wait for it, read every page of the answer. Errors are one line: the engine's message for a bad
// query, the workgroup's bytes-scanned limit for a query it cancelled.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { QuerySqlError, type QueryRows } from './run-duckdb-archive';

/** Athena's price per TB scanned (us-east-1 list price, https://aws.amazon.com/athena/pricing/, read 2026-12-06). */
export const ATHENA_USD_PER_TB_SCANNED = 5;
/** Athena bills at least this much per query (same page). */
export const ATHENA_MIN_BILLED_BYTES = 10 * 1024 * 1024;

/** The dollars Athena bills for a query that scanned `bytes`. */
export function athenaCostUsd(bytes: number): number {
  return (Math.max(bytes, ATHENA_MIN_BILLED_BYTES) / 1e12) * ATHENA_USD_PER_TB_SCANNED;
}

/** A query the workgroup cancelled at its bytes-scanned limit: one line for the user. */
export class QueryLimitError extends Error {
  override readonly name = 'QueryLimitError';
}

export interface AthenaQueryOptions {
  sql: string;
  /** The workgroup (its result location, encryption and bytes-scanned limit apply). */
  workGroup: string;
  /** Glue database unqualified names resolve in. */
  database: string;
  /**
   * Wait between two state checks, ms.
   * @default 500
   */
  pollMs?: number;
  /**
   * Longest wait for an answer, ms; the query is then stopped.
   * @default 300000
   */
  timeoutMs?: number;
  /**
   * Most rows read back.
   * @default 100000
   */
  maxRows?: number;
  /**
   * Waits `ms` (injected in specs).
   * @default setTimeout
   */
  sleep?: (ms: number) => Promise<void>;
}

/** The answer, with what the query scanned. */
export interface AthenaQueryResult extends QueryRows {
  queryExecutionId: string;
  bytesScanned: number;
  /** True when rows were left out at `maxRows`. */
  truncated: boolean;
}

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'double', 'float', 'real']);

function typed(value: string | undefined, column: ColumnInfo): unknown {
  if (value === undefined) return null;
  if (NUMERIC.has(column.Type ?? '')) {
    const n = Number(value);
    return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : value;
  }
  if (column.Type === 'boolean') return value === 'true';
  return value;
}

const oneLine = (text: string | undefined): string => (text ?? '').split('\n')[0].trim();

/** Refuses anything but one SELECT (or WITH ... SELECT) statement: a query never writes. */
export function assertSelectOnly(sql: string): void {
  const body = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '').replace(/[\s;]+$/, '');
  if (!/^(SELECT|WITH)\b/i.test(body)) {
    throw new QuerySqlError('only a SELECT statement may run: a query never writes');
  }
  if (body.includes(';')) throw new QuerySqlError('give exactly one SELECT statement');
}

async function waitFor(
  athena: AthenaClient,
  id: string,
  options: Required<Pick<AthenaQueryOptions, 'pollMs' | 'timeoutMs' | 'sleep'>>,
): Promise<QueryExecution> {
  for (let waited = 0; ; waited += options.pollMs) {
    const { QueryExecution: execution } = await athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = execution?.Status?.State;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
      return execution as QueryExecution;
    }
    if (waited >= options.timeoutMs) {
      await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      throw new QuerySqlError(
        `no answer within ${Math.round(options.timeoutMs / 1000)} s: query ${id} stopped`,
      );
    }
    await options.sleep(options.pollMs);
  }
}

/**
 * Runs one SELECT statement in Athena and reads its rows (numbers and booleans typed by the
 * result's column types, NULL as null). A syntax error or a failing query is a QuerySqlError with
 * Athena's first line; a query the workgroup cancelled at its bytes-scanned limit is a
 * QueryLimitError.
 */
export async function runAthenaQuery(
  athena: AthenaClient,
  options: AthenaQueryOptions,
): Promise<AthenaQueryResult> {
  assertSelectOnly(options.sql);
  const wait = {
    pollMs: options.pollMs ?? 500,
    timeoutMs: options.timeoutMs ?? 300_000,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
  };
  const maxRows = options.maxRows ?? 100_000;
  let id: string;
  try {
    const started = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: options.sql,
        WorkGroup: options.workGroup,
        QueryExecutionContext: { Database: options.database },
      }),
    );
    id = started.QueryExecutionId as string;
  } catch (error) {
    if ((error as Error).name === 'InvalidRequestException') {
      throw new QuerySqlError(oneLine((error as Error).message), { cause: error });
    }
    throw error;
  }
  const execution = await waitFor(athena, id, wait);
  const bytesScanned = execution.Statistics?.DataScannedInBytes ?? 0;
  const reason = oneLine(execution.Status?.StateChangeReason);
  if (execution.Status?.State === 'CANCELLED' && /bytes|limit|cutoff/i.test(reason)) {
    throw new QueryLimitError(
      `over the workgroup's bytes-scanned limit: cancelled after ${bytesScanned} bytes (${reason}); narrow --from/--to`,
    );
  }
  if (execution.Status?.State !== 'SUCCEEDED') {
    throw new QuerySqlError(reason || `query ${id} ${execution.Status?.State?.toLowerCase()}`);
  }

  let columns: ColumnInfo[] = [];
  const rows: Record<string, unknown>[] = [];
  let token: string | undefined;
  let first = true;
  let truncated = false;
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }),
    );
    if (first) columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    const data = page.ResultSet?.Rows ?? [];
    // The first row of a SELECT's first page repeats the column names.
    for (const row of first ? data.slice(1) : data) {
      if (rows.length >= maxRows) {
        truncated = true;
        break;
      }
      const values = row.Data ?? [];
      rows.push(
        Object.fromEntries(
          columns.map((c, i) => [c.Name as string, typed(values[i]?.VarCharValue, c)]),
        ),
      );
    }
    first = false;
    token = truncated ? undefined : page.NextToken;
  } while (token !== undefined);
  return {
    queryExecutionId: id,
    bytesScanned,
    truncated,
    columns: columns.map((c) => c.Name as string),
    rows,
  };
}
