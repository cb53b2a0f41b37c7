export { renderDuckDbAggregationSql } from './duckdb-sql';
export { renderFlinkSql } from './flink-sql';
export type { FlinkSqlOptions } from './flink-sql';
export { runDuckDbAggregation } from './run-duckdb';
export type { SqlLogRow, SqlAggregateRow } from './run-duckdb';
export { LOG_COLUMNS, REFERENCE_COLUMNS, AGGREGATE_COLUMNS, DEFAULT_TABLES } from './columns';
export {
  NAMED_QUERIES,
  DEFAULT_LIMITS,
  DEFAULT_BUCKET_MINUTES,
  MAX_LIMIT,
  QueryParameterError,
  namedQuery,
  namedQueryName,
} from './archive/named-queries';
export type {
  NamedQuery,
  NamedQueryName,
  NamedQueryParameters,
  ParameterName,
} from './archive/named-queries';
export { renderNamedQuery, literalValues, ARCHIVE_SQL_TYPES } from './archive/archive-sql';
export type { SqlDialect, SqlValues } from './archive/archive-sql';
export {
  duckDbArchiveSource,
  duckDbDialect,
  renderDuckDbNamedQuery,
} from './archive/duckdb-archive';
export {
  athenaDialect,
  renderAthenaNamedQuery,
  renderAthenaSavedQuery,
} from './archive/athena-archive';
export type { AthenaSavedQuery, AthenaTable } from './archive/athena-archive';
export { ARCHIVE_VIEW, QuerySqlError, runDuckDbArchiveSql } from './archive/run-duckdb-archive';
export type { QueryRows } from './archive/run-duckdb-archive';
export {
  ATHENA_MIN_BILLED_BYTES,
  ATHENA_USD_PER_TB_SCANNED,
  QueryLimitError,
  assertSelectOnly,
  athenaCostUsd,
  runAthenaQuery,
} from './archive/run-athena';
export type { AthenaQueryOptions, AthenaQueryResult } from './archive/run-athena';
export { drillDownOf } from './archive/drill-down';
export type { DrillDown, DrillDownSource } from './archive/drill-down';
