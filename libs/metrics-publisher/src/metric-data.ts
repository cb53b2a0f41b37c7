import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { AggregateRecord, RequestsAggregate, TopHost } from '@fleetlog/log-schema';
import { APPLICATION_DIMENSION, METRICS, TOP_HOSTS_LIMIT } from '@fleetlog/pipeline-config';

/** Identity of one emitted record: a retried flush repeats it exactly, so it is dropped. */
export function duplicateKey(record: AggregateRecord): string {
  return JSON.stringify([record.partial.flushId, ...groupParts(record)]);
}

/** Partials with the same group key are summed (ARCHITECTURE.md section 4). */
export function groupKey(record: AggregateRecord): string {
  return JSON.stringify(groupParts(record));
}

function groupParts(record: AggregateRecord): [string, string, string] {
  return record.kind === 'requests'
    ? [record.kind, record.windowStart, record.applicationName]
    : [record.kind, record.windowStart, ''];
}

/** Requests whose status lies in [from, to]; keys are status codes as strings. */
export function statusRangeCount(
  statusCounts: Record<string, number>,
  from: number,
  to: number,
): number {
  let sum = 0;
  for (const [status, count] of Object.entries(statusCounts)) {
    const code = Number(status);
    if (code >= from && code <= to) sum += count;
  }
  return sum;
}

/** Adds `next` into `into` (same group key); returns a new record, inputs untouched. */
export function addAggregate(into: AggregateRecord, next: AggregateRecord): AggregateRecord {
  if (into.kind === 'pipeline' && next.kind === 'pipeline') {
    return {
      ...into,
      records: into.records + next.records,
      malformedLines: into.malformedLines + next.malformedLines,
    };
  }
  if (into.kind === 'requests' && next.kind === 'requests') {
    const statusCounts = { ...into.statusCounts };
    for (const [status, count] of Object.entries(next.statusCounts)) {
      statusCounts[status] = (statusCounts[status] ?? 0) + count;
    }
    return {
      ...into,
      contact: into.contact ?? next.contact,
      requestCount: into.requestCount + next.requestCount,
      bytes: into.bytes + next.bytes,
      statusCounts,
      topHosts: mergeTopHosts(into.topHosts, next.topHosts),
    };
  }
  throw new Error(`cannot add a ${next.kind} aggregate to a ${into.kind} aggregate`);
}

function mergeTopHosts(a: TopHost[], b: TopHost[]): TopHost[] {
  const byHost = new Map<string, number>();
  for (const { host, requestCount } of [...a, ...b]) {
    byHost.set(host, (byHost.get(host) ?? 0) + requestCount);
  }
  return [...byHost]
    .map(([host, requestCount]) => ({ host, requestCount }))
    .sort((x, y) => y.requestCount - x.requestCount || (x.host < y.host ? -1 : 1))
    .slice(0, TOP_HOSTS_LIMIT);
}

/**
 * Drops exact duplicates and sums the partials of each (kind, windowStart, applicationName),
 * in order of first appearance. The result keeps the first partial's `partial` field.
 */
export function sumAggregates(records: Iterable<AggregateRecord>): AggregateRecord[] {
  const seen = new Set<string>();
  const groups = new Map<string, AggregateRecord>();
  for (const record of records) {
    const dup = duplicateKey(record);
    if (seen.has(dup)) continue;
    seen.add(dup);
    const key = groupKey(record);
    const current = groups.get(key);
    groups.set(key, current ? addAggregate(current, record) : record);
  }
  return [...groups.values()];
}

/** How many data points `metricsOf` makes of a record of this kind. */
export function datumCountOf(record: AggregateRecord): number {
  return record.kind === 'requests' ? 4 : 2;
}

/** The CloudWatch data points of one (already summed) aggregate (ARCHITECTURE.md section 6). */
export function metricsOf(record: AggregateRecord): MetricDatum[] {
  const Timestamp = new Date(record.windowStart);
  if (record.kind === 'pipeline') {
    return [
      {
        MetricName: METRICS.malformedLines,
        Timestamp,
        Value: record.malformedLines,
        Unit: 'Count',
      },
      { MetricName: METRICS.logRecords, Timestamp, Value: record.records, Unit: 'Count' },
    ];
  }
  return requestMetrics(record, Timestamp);
}

function requestMetrics(record: RequestsAggregate, Timestamp: Date): MetricDatum[] {
  const Dimensions = [{ Name: APPLICATION_DIMENSION, Value: record.applicationName }];
  const datum = (MetricName: string, Value: number, Unit: 'Count' | 'Bytes'): MetricDatum => ({
    MetricName,
    Dimensions,
    Timestamp,
    Value,
    Unit,
  });
  return [
    datum(METRICS.requestCount, record.requestCount, 'Count'),
    datum(METRICS.http4xxCount, statusRangeCount(record.statusCounts, 400, 499), 'Count'),
    datum(METRICS.http5xxCount, statusRangeCount(record.statusCounts, 500, 599), 'Count'),
    datum(METRICS.bytesSent, record.bytes, 'Bytes'),
  ];
}

/** Dedup, sum, and map aggregates to CloudWatch data points. Pure; used by the local demo too. */
export function toMetricData(records: Iterable<AggregateRecord>): MetricDatum[] {
  return sumAggregates(records).flatMap(metricsOf);
}
