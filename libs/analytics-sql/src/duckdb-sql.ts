import { UNKNOWN_APPLICATION, WINDOW_SECONDS } from '@fleetlog/pipeline-config';
import {
  AGGREGATE_COLUMNS as A,
  DEFAULT_TABLES,
  LOG_COLUMNS as L,
  REFERENCE_COLUMNS as R,
  sqlIdentifier,
  sqlString,
} from './columns';

/**
 * The aggregation as DuckDB SQL: the executable specification of what the aggregator computes
 * (ARCHITECTURE sections 2 and 4). One row per (event-time bucket, application):
 * - bucket = floor(epochSeconds / WINDOW_SECONDS) * WINDOW_SECONDS, UTC;
 * - application from a LEFT JOIN on host with the reference table, UNKNOWN (contact NULL) on no match;
 * - request_count counts every request, including those with a NULL status;
 * - bytes sums bytes with NULL as 0;
 * - status_counts maps status (as text) to its request count; NULL statuses are left out;
 * - contact is the application's contact (MIN when rows of one application disagree).
 * Hosts are compared as stored: load log hosts in canonical form (canonicalHost) as the
 * aggregator's HostLookup does, and reference hosts come canonical from parseReferenceCsv.
 */
export function renderDuckDbAggregationSql(
  tables: { logs?: string; reference?: string } = {},
): string {
  const logs = sqlIdentifier(tables.logs ?? DEFAULT_TABLES.logs);
  const reference = sqlIdentifier(tables.reference ?? DEFAULT_TABLES.reference);
  return `WITH attributed AS (
  SELECT
    CAST(floor(l.${L.epochMs} / 1000.0 / ${WINDOW_SECONDS}) AS BIGINT) * ${WINDOW_SECONDS} AS bucket_epoch_s,
    COALESCE(r.${R.applicationName}, ${sqlString(UNKNOWN_APPLICATION)}) AS application_name,
    r.${R.contact} AS contact,
    l.${L.status} AS status,
    l.${L.bytes} AS bytes
  FROM ${logs} AS l
  LEFT JOIN ${reference} AS r ON r.${R.host} = l.${L.host}
),
per_status AS (
  SELECT
    bucket_epoch_s,
    application_name,
    status,
    MIN(contact) AS contact,
    COUNT(*) AS request_count,
    COALESCE(SUM(bytes), 0) AS bytes
  FROM attributed
  GROUP BY bucket_epoch_s, application_name, status
)
SELECT
  bucket_epoch_s AS ${A.windowStartEpochSeconds},
  application_name AS ${A.applicationName},
  MIN(contact) AS ${A.contact},
  CAST(SUM(request_count) AS BIGINT) AS ${A.requestCount},
  CAST(SUM(bytes) AS BIGINT) AS ${A.bytes},
  map_from_entries(
    list((CAST(status AS VARCHAR), request_count) ORDER BY status) FILTER (WHERE status IS NOT NULL)
  ) AS ${A.statusCounts}
FROM per_status
GROUP BY bucket_epoch_s, application_name
ORDER BY bucket_epoch_s, application_name`;
}
