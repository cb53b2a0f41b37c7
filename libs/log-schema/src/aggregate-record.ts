// Output-stream records, aggregator to metrics publisher (ARCHITECTURE.md section 4): JSON, one per
// Kinesis record, partition key = the application name (`pipeline` for PipelineAggregate).
// A consumer sums records with the same (kind, windowStart, applicationName) and drops an exact
// duplicate by `partial.flushId`. decodeAggregate validates them.

/** Which flush of which shard a partial aggregate comes from. */
export interface PartialInfo {
  /** The input-stream shard whose window produced the record, e.g. `shardId-000000000000`. */
  shardId: string;
  /** Unique per flush of one shard's window; identical when the same flush is retried. */
  flushId: string;
}

/** One heavy client host of a (bucket, application) partial. */
export interface TopHost {
  /** The client host as logged (or resolved from X-Forwarded-For), IPv6 in RFC 5952 form. */
  host: string;
  /**
   * Requests guaranteed for this host in the partial (Space-Saving count minus its error): a
   * lower bound, exact while the partial's counters never evicted a host.
   */
  requestCount: number;
}

/** Requests of one application in one event-time bucket, as counted by one shard's flush. */
export interface RequestsAggregate {
  /** Record schema version: `AGGREGATE_SCHEMA_VERSION` of `@fleetlog/pipeline-config`. */
  schemaVersion: 1;
  kind: 'requests';
  /**
   * Start of the event-time bucket, ISO-8601 UTC with milliseconds: `bucketStartMs` of the
   * lines' own timestamps (`BUCKET_SECONDS`, one minute, of `@fleetlog/pipeline-config`), not their arrival.
   */
  windowStart: string;
  /** `windowStart` plus one bucket, same format. */
  windowEnd: string;
  /** The reference map's application of the client hosts; `UNKNOWN` for hosts without a row. */
  applicationName: string;
  /** The application's contact from the map; null for `UNKNOWN` or a row without one. */
  contact: string | null;
  /** Requests counted, those without a status (`-`) included. */
  requestCount: number;
  /** Sum of the response bytes; `-` counts as 0. */
  bytes: number;
  /**
   * Three-digit status code as text → requests. Requests without a status are left out, so the
   * values may sum to less than `requestCount`.
   */
  statusCounts: Record<string, number>;
  /** The heaviest client hosts, at most `TOP_HOSTS_LIMIT` (10), heaviest first. */
  topHosts: TopHost[];
  /** The shard and flush this partial comes from. */
  partial: PartialInfo;
}

/** The pipeline's own counts of one event-time bucket, as counted by one shard's flush. */
export interface PipelineAggregate {
  /** Record schema version: `AGGREGATE_SCHEMA_VERSION` of `@fleetlog/pipeline-config`. */
  schemaVersion: 1;
  kind: 'pipeline';
  /**
   * Start of the bucket, as in RequestsAggregate. Malformed lines have no event time of their
   * own: they are counted in the bucket of the Lambda window's start.
   */
  windowStart: string;
  /** `windowStart` plus one bucket. */
  windowEnd: string;
  /** Log lines counted in this bucket, malformed ones included (`LogRecords` metric). */
  records: number;
  /** Lines (or undecodable Kinesis records) that could not be read (`MalformedLines` metric). */
  malformedLines: number;
  /** The shard and flush this partial comes from. */
  partial: PartialInfo;
}

/** Any output-stream record. */
export type AggregateRecord = RequestsAggregate | PipelineAggregate;

/** decodeAggregate's answer: the validated record, or one line naming the wrong field. */
export type DecodeResult = { ok: true; value: AggregateRecord } | { ok: false; error: string };
