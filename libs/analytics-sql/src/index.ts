export { renderDuckDbAggregationSql } from './duckdb-sql';
export { renderFlinkSql } from './flink-sql';
export type { FlinkSqlOptions } from './flink-sql';
export { runDuckDbAggregation } from './run-duckdb';
export type { SqlLogRow, SqlAggregateRow } from './run-duckdb';
export { LOG_COLUMNS, REFERENCE_COLUMNS, AGGREGATE_COLUMNS, DEFAULT_TABLES } from './columns';
