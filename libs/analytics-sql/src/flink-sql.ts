import {
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  UNKNOWN_APPLICATION,
  BUCKET_SECONDS,
} from '@fleetlog/pipeline-config';
import {
  DEFAULT_TABLES,
  LOG_COLUMNS as L,
  REFERENCE_COLUMNS as R,
  sqlIdentifier,
  sqlString,
} from './columns';

export interface FlinkSqlOptions {
  /** Kinesis stream of parsed records as JSON `{host, epoch_ms, status, bytes}`. */
  inputStream?: string;
  /** Kinesis stream the per-(window, application, status) rows are written to. */
  outputStream?: string;
  region?: string;
  /** How late (event time) a record may arrive and still be counted in its window. */
  watermarkDelaySeconds?: number;
  /** JDBC table holding the reference CSV's rows; Flink's filesystem connector cannot serve lookups. */
  referenceJdbcUrl?: string;
  referenceTable?: string;
  /** Lookup cache TTL: how soon a new host's mapping is seen (the aggregator re-checks every 30 s). */
  referenceCacheSeconds?: number;
  sinkTable?: string;
}

/** Flink INTERVAL literal; leading field precision is 2 digits, so whole minutes when possible. */
function flinkInterval(seconds: number): string {
  if (seconds % 60 === 0 && seconds / 60 < 100) return `INTERVAL '${seconds / 60}' MINUTE`;
  return `INTERVAL '${seconds}' SECOND(${String(seconds).length})`;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`renderFlinkSql: ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/**
 * The same aggregation as Flink SQL for Managed Service for Apache Flink (it cannot run here).
 * Event time with a WATERMARK, a processing-time lookup join with the reference table (keeps the
 * stream append-only and its event-time attribute, so a TUMBLE window TVF can follow), and one
 * output row per (window, application, status): requestCount is the sum over a window's rows,
 * statusCounts the rows with a non-NULL status.
 */
export function renderFlinkSql(options: FlinkSqlOptions = {}): string {
  const logs = sqlIdentifier(DEFAULT_TABLES.logs);
  const reference = sqlIdentifier(options.referenceTable ?? DEFAULT_TABLES.reference);
  const sink = sqlIdentifier(options.sinkTable ?? 'request_aggregates');
  const region = sqlString(options.region ?? 'us-east-1');
  const delay = positiveInteger('watermarkDelaySeconds', options.watermarkDelaySeconds ?? 60);
  const cache = positiveInteger(
    'referenceCacheSeconds',
    options.referenceCacheSeconds ?? DEFAULT_REFERENCE_REFRESH_SECONDS,
  );
  return `-- fleetlog aggregation for Managed Service for Apache Flink (rendered by @fleetlog/analytics-sql).
-- Buckets are aligned in the session time zone: UTC keeps them on floor(epoch / ${BUCKET_SECONDS}) * ${BUCKET_SECONDS}.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE ${logs} (
  ${L.host} STRING NOT NULL,
  ${L.epochMs} BIGINT NOT NULL,
  ${L.status} INT,
  ${L.bytes} BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(${L.epochMs}, 3),
  proc_time AS PROCTIME(),
  WATERMARK FOR event_time AS event_time - ${flinkInterval(delay)}
) WITH (
  'connector' = 'kinesis',
  'stream' = ${sqlString(options.inputStream ?? 'fleetlog-parsed-records')},
  'aws.region' = ${region},
  'scan.stream.initpos' = 'LATEST',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE ${reference} (
  ${R.host} STRING,
  ${R.applicationName} STRING,
  ${R.contact} STRING,
  PRIMARY KEY (${R.host}) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = ${sqlString(options.referenceJdbcUrl ?? 'jdbc:postgresql://reference-db:5432/fleetlog')},
  'table-name' = ${sqlString(options.referenceTable ?? DEFAULT_TABLES.reference)},
  'lookup.cache' = 'PARTIAL',
  'lookup.partial-cache.expire-after-write' = '${cache}s',
  'lookup.partial-cache.cache-missing-key' = 'true'
);

CREATE TABLE ${sink} (
  window_start TIMESTAMP_LTZ(3),
  window_end TIMESTAMP_LTZ(3),
  application_name STRING,
  contact STRING,
  status INT,
  request_count BIGINT,
  bytes BIGINT
) PARTITIONED BY (application_name) WITH (
  'connector' = 'kinesis',
  'stream' = ${sqlString(options.outputStream ?? 'fleetlog-aggregates')},
  'aws.region' = ${region},
  'format' = 'json'
);

CREATE TEMPORARY VIEW attributed AS
SELECT
  l.${L.host},
  l.${L.status},
  l.${L.bytes},
  l.event_time,
  COALESCE(r.${R.applicationName}, ${sqlString(UNKNOWN_APPLICATION)}) AS application_name,
  r.${R.contact} AS contact
FROM ${logs} AS l
LEFT JOIN ${reference} FOR SYSTEM_TIME AS OF l.proc_time AS r
  ON r.${R.host} = l.${L.host};

INSERT INTO ${sink}
SELECT
  window_start,
  window_end,
  application_name,
  MIN(contact) AS contact,
  ${L.status},
  COUNT(*) AS request_count,
  COALESCE(SUM(${L.bytes}), 0) AS bytes
FROM TABLE(TUMBLE(TABLE attributed, DESCRIPTOR(event_time), ${flinkInterval(BUCKET_SECONDS)}))
GROUP BY window_start, window_end, application_name, ${L.status};
`;
}
