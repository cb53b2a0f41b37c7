// The named queries in Athena (Trino SQL) over the archive's Glue table: the same text as DuckDB's
// but for the dialect points (README, "Athena and DuckDB").
import { sqlIdentifier } from '../columns';
import { literalValues, renderNamedQuery, type SqlDialect, type SqlValues } from './archive-sql';
import {
  DEFAULT_LIMITS,
  NAMED_QUERIES,
  type NamedQuery,
  type NamedQueryName,
} from './named-queries';

/** Where the Glue table is. */
export interface AthenaTable {
  /** Glue database name. */
  database: string;
  /** Glue table name. */
  table: string;
}

/** Athena's spelling of the dialect points, over `database.table`. */
export function athenaDialect(where: AthenaTable): SqlDialect {
  return {
    source: `${sqlIdentifier(where.database)}.${sqlIdentifier(where.table)}`,
    intDiv: (a, b) => `(${a} / ${b})`,
    countsJson: (key, count) =>
      `COALESCE(json_format(CAST(map_agg(${key}, ${count}) FILTER (WHERE status IS NOT NULL) AS JSON)), '{}')`,
    isoOfSeconds: (s) =>
      `format_datetime(from_unixtime(${s}, 'UTC'), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''')`,
  };
}

/** A checked named query as Athena SQL, values as literals (what `fleetlog query --athena` runs). */
export function renderAthenaNamedQuery(query: NamedQuery, where: AthenaTable): string {
  return renderNamedQuery(query, athenaDialect(where), literalValues(query));
}

/** A saved Athena query: SQL with `?` execution parameters, and what each `?` is, in order. */
export interface AthenaSavedQuery {
  name: NamedQueryName;
  description: string;
  sql: string;
  /** What to enter for each `?`, in order. */
  parameters: string[];
}

const PARAMETER_TEXT: Record<keyof SqlValues, string[]> = {
  partitions: [
    "first day 'YYYY-MM-DD' (the day one hour before FROM)",
    "last day 'YYYY-MM-DD' (the day of TO)",
  ],
  fromMs: ["FROM, ISO-8601 with zone, e.g. '2015-05-17T10:00:00Z'"],
  toMs: ['TO (exclusive), ISO-8601 with zone'],
  application: ["application name, e.g. 'checkout'"],
  host: ["host address in canonical form, e.g. '10.0.1.7'"],
};

/**
 * A named query for Athena's saved queries (infra's CfnNamedQuery): the values are `?` execution
 * parameters (the console asks for them), partitions pruned by day. `aggregate` runs over every
 * application with 5-minute buckets; `limit` is the query's default.
 */
export function renderAthenaSavedQuery(name: NamedQueryName, where: AthenaTable): AthenaSavedQuery {
  const parameters: string[] = [];
  const placeholder = (key: keyof SqlValues, sql: string) => () => {
    parameters.push(...PARAMETER_TEXT[key]);
    return sql;
  };
  const values: SqlValues = {
    partitions: placeholder('partitions', 'dt BETWEEN ? AND ?'),
    fromMs: placeholder('fromMs', 'to_unixtime(from_iso8601_timestamp(?)) * 1000'),
    toMs: placeholder('toMs', 'to_unixtime(from_iso8601_timestamp(?)) * 1000'),
    application: placeholder('application', '?'),
    host: placeholder('host', '?'),
  };
  const spec = NAMED_QUERIES[name];
  const template: NamedQuery = {
    name,
    parameters: {
      fromMs: 0,
      toMs: 1,
      limit: DEFAULT_LIMITS[name],
      bucketMinutes: 5,
      application: (spec.required as readonly string[]).includes('application') ? '' : undefined,
      host: name === 'host' ? '' : undefined,
    },
  };
  const sql = renderNamedQuery(template, athenaDialect(where), values);
  return {
    name,
    description: `fleetlog ${name}: ${spec.summary}. Parameters in order: ${parameters.join('; ')}.`,
    sql,
    parameters,
  };
}
