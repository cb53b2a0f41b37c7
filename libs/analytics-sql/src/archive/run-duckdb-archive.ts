// Runs SQL over a local archive folder in an in-memory DuckDB: the named queries, or the user's own
// SQL over the view `archive`. One SELECT statement only, so a query never writes anything.
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckDbArchiveSource } from './duckdb-archive';

/** The view a user's SQL reads (the Glue table has the same name by default). */
export const ARCHIVE_VIEW = 'archive';

/** A query's answer: column names in order and one object per row (BIGINT as number when safe). */
export interface QueryRows {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** SQL that is not one valid SELECT statement, or that fails: one line for the user. */
export class QuerySqlError extends Error {
  override readonly name = 'QuerySqlError';
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

function firstLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0].trim();
}

async function prepareSelect(connection: DuckDBConnection, sql: string) {
  const { StatementType } = await import('@duckdb/node-api');
  let statements;
  try {
    statements = await connection.extractStatements(sql);
  } catch (error) {
    throw new QuerySqlError(firstLine(error), { cause: error });
  }
  if (statements.count !== 1) {
    throw new QuerySqlError(`give exactly one SELECT statement (got ${statements.count})`);
  }
  let prepared;
  try {
    prepared = await statements.prepare(0);
  } catch (error) {
    throw new QuerySqlError(firstLine(error), { cause: error });
  }
  if (prepared.statementType !== StatementType.SELECT) {
    prepared.destroySync();
    throw new QuerySqlError('only a SELECT statement may run: a query never writes');
  }
  return prepared;
}

/**
 * Runs one SELECT statement in an in-memory DuckDB where `archive` is a view over the archive
 * folder `archiveDir`. Anything else (two statements, COPY, CREATE...), a syntax error or a failing
 * query is a QuerySqlError with the engine's first line.
 */
export async function runDuckDbArchiveSql(sql: string, archiveDir: string): Promise<QueryRows> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      try {
        await connection.run(
          `CREATE VIEW ${ARCHIVE_VIEW} AS SELECT * FROM ${duckDbArchiveSource(archiveDir)}`,
        );
      } catch (error) {
        throw new QuerySqlError(`cannot read the archive ${archiveDir}: ${firstLine(error)}`, {
          cause: error,
        });
      }
      const prepared = await prepareSelect(connection, sql);
      try {
        const reader = await prepared.runAndReadAll();
        const columns = reader.columnNames();
        const rows = reader
          .getRowObjectsJS()
          .map((row) => Object.fromEntries(columns.map((c) => [c, plain(row[c])])));
        return { columns, rows };
      } catch (error) {
        throw new QuerySqlError(firstLine(error), { cause: error });
      } finally {
        prepared.destroySync();
      }
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
