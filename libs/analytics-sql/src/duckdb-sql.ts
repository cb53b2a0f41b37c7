import { UNKNOWN_APPLICATION, BUCKET_SECONDS } from '@fleetlog/pipeline-config';
import {
  AGGREGATE_COLUMNS as A,
  DEFAULT_TABLES,
  LOG_COLUMNS as L,
  REFERENCE_COLUMNS as R,
  sqlIdentifier,
  sqlString,
} from './columns';
import { HOST_BITS_COLUMN as HB, PREFIX_BITS_COLUMN as PB } from './address-bits';

/**
 * The aggregation as DuckDB SQL: the executable specification of what the aggregator computes
 * (ARCHITECTURE.md sections 2 and 4). One row per (event-time bucket, application):
 * - bucket = floor(epochSeconds / BUCKET_SECONDS) * BUCKET_SECONDS, UTC;
 * - application from a LEFT JOIN on host with the reference table, UNKNOWN (contact NULL) on no match;
 * - request_count counts every request, including those with a NULL status;
 * - bytes sums bytes with NULL as 0;
 * - status_counts maps status (as three-digit text, 42 → '042') to its request count; NULL
 *   statuses are left out;
 * - contact is the application's contact (MIN when rows of one application disagree).
 * - a reference row whose host is a CIDR block (its ${PB} set) matches every address inside it;
 *   an exact row beats any block and the longest prefix wins (ARCHITECTURE.md section 5).
 * Hosts are compared as stored: load log hosts in canonical form (canonicalHost) as the
 * aggregator's HostLookup does, with their ${HB} (address-bits.ts); reference hosts come
 * canonical from parseReferenceCsv.
 */
export function renderDuckDbAggregationSql(
  tables: { logs?: string; reference?: string } = {},
): string {
  const logs = sqlIdentifier(tables.logs ?? DEFAULT_TABLES.logs);
  const reference = sqlIdentifier(tables.reference ?? DEFAULT_TABLES.reference);
  return `WITH numbered AS (
  SELECT row_number() OVER () AS log_id, * FROM ${logs}
),
block_hits AS (
  SELECT
    l.log_id,
    -- The block itself (never NULL, unlike a contact, which arg_max would skip).
    arg_max(b.${R.host}, length(b.${PB})) AS block_host
  FROM numbered AS l
  JOIN ${reference} AS b ON b.${PB} IS NOT NULL AND starts_with(l.${HB}, b.${PB})
  GROUP BY l.log_id
),
attributed AS (
  SELECT
    CAST(floor(l.${L.epochMs} / 1000.0 / ${BUCKET_SECONDS}) AS BIGINT) * ${BUCKET_SECONDS} AS bucket_epoch_s,
    COALESCE(r.${R.applicationName}, k.${R.applicationName}, ${sqlString(UNKNOWN_APPLICATION)}) AS application_name,
    CASE WHEN r.${R.applicationName} IS NOT NULL THEN r.${R.contact} ELSE k.${R.contact} END AS contact,
    l.${L.status} AS status,
    l.${L.bytes} AS bytes
  FROM numbered AS l
  LEFT JOIN ${reference} AS r ON r.${PB} IS NULL AND r.${R.host} = l.${L.host}
  LEFT JOIN block_hits AS h ON h.log_id = l.log_id
  LEFT JOIN ${reference} AS k ON k.${R.host} = h.block_host
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
    list((lpad(CAST(status AS VARCHAR), 3, '0'), request_count) ORDER BY status) FILTER (WHERE status IS NOT NULL)
  ) AS ${A.statusCounts}
FROM per_status
GROUP BY bucket_epoch_s, application_name
ORDER BY bucket_epoch_s, application_name`;
}
