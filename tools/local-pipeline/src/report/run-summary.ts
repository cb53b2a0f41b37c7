import type { AggregateRecord, TopHost } from '@fleetlog/log-schema';
import { ALARM_PERIOD_SECONDS, UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import { statusRangeCount, sumAggregates } from '../cloud/app-handlers';
import type { RunWideHosts } from './host-tally';

/** Totals of one (bucket, application) after summing every shard's partials. */
export interface BucketRow {
  windowStart: string;
  applicationName: string;
  contact: string | null;
  requestCount: number;
  bytes: number;
  http4xx: number;
  http5xx: number;
  topHosts: TopHost[];
}

export interface RunTotals {
  /** Sorted by bucket, then application. */
  rows: BucketRow[];
  /** Applications in order of total requests, heaviest first; UNKNOWN last. */
  applications: string[];
  /** Every bucket with data, sorted. */
  buckets: string[];
  requests: number;
  /** Lines the pipeline read and could not parse. */
  malformedLines: number;
  /** Partial records read from the output stream (before summing). */
  partials: number;
  /** Heaviest unknown client hosts over the whole run (at most 10). */
  unknownTopHosts: TopHost[];
  /**
   * What unknownTopHosts are, as the summary and the dashboard label them (unknownHostsScope);
   * undefined reads as unknownHostsScope(undefined), the sum of each minute's top 10.
   */
  unknownTopHostsScope?: string;
}

/** Hosts listed in the run-wide heaviest unknown sources. */
const RUN_WIDE_HOSTS = 10;

/**
 * The label of the run-wide heaviest unknown sources: exact counts, counts from a bounded tally
 * (with how far off they may be), or the sum of each minute's top 10 (the aggregates carry no
 * more), which is a lower bound that can leave a steady caller out.
 */
export function unknownHostsScope(runWide: RunWideHosts | undefined): string {
  if (runWide === undefined) {
    return "whole run, sum of each minute's top 10: each count a lower bound, and a caller never in a minute's top 10 is missing";
  }
  if (runWide.maxUndercount === 0) return 'whole run, exact counts';
  return (
    `whole run; more than ${runWide.distinctHosts.toLocaleString('en-US')} distinct unknown hosts, ` +
    `so each count may be low by up to ${runWide.maxUndercount.toLocaleString('en-US')}`
  );
}

/**
 * Sums the output-stream records the way a consumer must (ARCHITECTURE.md section 4). `runWide`:
 * the run's own count of unknown callers (the replay's shards, ShardTally.unknownHosts), which the
 * run-wide list is taken from; without it the list adds up each bucket's top 10.
 */
export function summarizeAggregates(
  records: readonly AggregateRecord[],
  runWide?: RunWideHosts,
): RunTotals {
  const rows: BucketRow[] = [];
  let malformedLines = 0;
  for (const record of sumAggregates(records)) {
    if (record.kind === 'pipeline') {
      malformedLines += record.malformedLines;
      continue;
    }
    rows.push({
      windowStart: record.windowStart,
      applicationName: record.applicationName,
      contact: record.contact,
      requestCount: record.requestCount,
      bytes: record.bytes,
      http4xx: statusRangeCount(record.statusCounts, 400, 499),
      http5xx: statusRangeCount(record.statusCounts, 500, 599),
      topHosts: record.topHosts,
    });
  }
  rows.sort(
    (a, b) => cmp(a.windowStart, b.windowStart) || cmp(a.applicationName, b.applicationName),
  );

  const perApp = new Map<string, number>();
  const unknownHosts = new Map<string, number>();
  for (const row of rows) {
    perApp.set(row.applicationName, (perApp.get(row.applicationName) ?? 0) + row.requestCount);
    if (row.applicationName !== UNKNOWN_APPLICATION || runWide !== undefined) continue;
    for (const { host, requestCount } of row.topHosts) {
      unknownHosts.set(host, (unknownHosts.get(host) ?? 0) + requestCount);
    }
  }
  const applications = [...perApp]
    .sort(
      ([a, x], [b, y]) =>
        Number(a === UNKNOWN_APPLICATION) - Number(b === UNKNOWN_APPLICATION) || y - x || cmp(a, b),
    )
    .map(([name]) => name);
  return {
    rows,
    applications,
    buckets: [...new Set(rows.map((r) => r.windowStart))].sort(),
    requests: rows.reduce((sum, r) => sum + r.requestCount, 0),
    malformedLines,
    partials: records.length,
    unknownTopHosts:
      runWide?.hosts.slice(0, RUN_WIDE_HOSTS) ??
      [...unknownHosts]
        .map(([host, requestCount]) => ({ host, requestCount }))
        .sort((a, b) => b.requestCount - a.requestCount || cmp(a.host, b.host))
        .slice(0, RUN_WIDE_HOSTS),
    unknownTopHostsScope: unknownHostsScope(runWide),
  };
}

/** The requests table: one line per bucket, one column per application. */
export function renderRequestsTable(totals: RunTotals): string {
  const apps = totals.applications;
  const header = ['bucket (UTC)', ...apps, 'total'];
  // 5-minute sums (ALARM_PERIOD_SECONDS, the alarms' period) of the one-minute buckets.
  const periodMs = ALARM_PERIOD_SECONDS * 1000;
  const periodOf = (iso: string): string =>
    new Date(Math.floor(Date.parse(iso) / periodMs) * periodMs).toISOString();
  const byKey = new Map<string, number>();
  for (const r of totals.rows) {
    const key = `${periodOf(r.windowStart)}|${r.applicationName}`;
    byKey.set(key, (byKey.get(key) ?? 0) + r.requestCount);
  }
  const periods = [...new Set(totals.buckets.map(periodOf))].sort();
  const lines: string[][] = periods.map((bucket) => {
    const counts = apps.map((app) => byKey.get(`${bucket}|${app}`) ?? 0);
    return [
      bucket.slice(0, 16).replace('T', ' '),
      ...counts.map(String),
      String(counts.reduce((a, b) => a + b, 0)),
    ];
  });
  const appTotals = apps.map((app) =>
    totals.rows.filter((r) => r.applicationName === app).reduce((s, r) => s + r.requestCount, 0),
  );
  lines.push(['total', ...appTotals.map(String), String(totals.requests)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    format(header),
    rule,
    ...lines.slice(0, -1).map(format),
    rule,
    format(lines[lines.length - 1]),
  ].join('\n');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
