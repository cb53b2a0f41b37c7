/** Output-stream records, aggregator to metrics publisher (ARCHITECTURE section 4). */

export interface PartialInfo {
  shardId: string;
  /** Unique per flush of one shard's window; identical when the same flush is retried. */
  flushId: string;
}

export interface TopHost {
  host: string;
  requestCount: number;
}

export interface RequestsAggregate {
  schemaVersion: 1;
  kind: 'requests';
  windowStart: string;
  windowEnd: string;
  applicationName: string;
  contact: string | null;
  requestCount: number;
  bytes: number;
  statusCounts: Record<string, number>;
  /** At most TOP_HOSTS_LIMIT, heaviest first. */
  topHosts: TopHost[];
  partial: PartialInfo;
}

export interface PipelineAggregate {
  schemaVersion: 1;
  kind: 'pipeline';
  windowStart: string;
  windowEnd: string;
  records: number;
  malformedLines: number;
  partial: PartialInfo;
}

export type AggregateRecord = RequestsAggregate | PipelineAggregate;

export type DecodeResult = { ok: true; value: AggregateRecord } | { ok: false; error: string };
