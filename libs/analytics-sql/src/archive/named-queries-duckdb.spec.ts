import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchivedRequest } from '@fleetlog/archive';
import { runDuckDbAggregation } from '../run-duckdb';
import { namedQuery } from './named-queries';
import { renderDuckDbNamedQuery } from './duckdb-archive';
import { runDuckDbArchiveSql } from './run-duckdb-archive';
import { REFERENCE, writeSampleArchives, type SampleArchive } from './__fixtures__/sample-archive';

const FROM = '2015-05-17T10:00:00Z';
const TO = '2015-05-17T11:30:00Z';
const [fromMs, toMs] = [Date.parse(FROM), Date.parse(TO)];
const inRange = (r: ArchivedRequest) => r.epoch_ms >= fromMs && r.epoch_ms < toMs;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function statusCounts(items: readonly ArchivedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of items) {
    if (r.status !== null) {
      const key = String(r.status).padStart(3, '0');
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

let root: string;
let sample: SampleArchive;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'named-queries-'));
  sample = await writeSampleArchives(6_000, join(root, 'local'), join(root, 'firehose'));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = async (layout: string, word: string, given: Record<string, string>) => {
  const dir = join(root, layout);
  return (await runDuckDbArchiveSql(renderDuckDbNamedQuery(namedQuery(word, given), dir), dir))
    .rows;
};

describe.each(['local', 'firehose'])('named queries in DuckDB over the %s layout', (layout) => {
  it('the sample has what the queries need: mapped, unknown, malformed and early lines', async () => {
    expect(sample.malformed).toBeGreaterThan(50);
    const apps = countBy(sample.requests, (r) => r.application_name);
    expect([...apps.keys()].sort()).toEqual(['UNKNOWN', 'billing', 'checkout', 'search']);
    // Firehose's layout puts some lines in the hour before their own: the queries' margin matters.
    const early = await runDuckDbArchiveSql(
      'SELECT count(*) AS n FROM archive WHERE NOT malformed AND hour <> substr(time, 12, 2)',
      join(root, layout),
    );
    expect((early.rows[0]['n'] as number) > 0).toBe(layout === 'firehose');
  });

  it('top-paths gives each path of the application its count, statuses and user agents', async () => {
    const rows = await run(layout, 'top-paths', { application: 'checkout', from: FROM, to: TO });
    const mine = sample.requests.filter((r) => inRange(r) && r.application_name === 'checkout');
    const byPath = countBy(mine, (r) => r.path ?? '');
    expect(rows.map((r) => [r['path'], r['request_count']])).toEqual(
      [...byPath].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    );
    for (const row of rows) {
      const ofPath = mine.filter((r) => r.path === row['path']);
      expect(JSON.parse(row['status_counts'] as string)).toEqual(statusCounts(ofPath));
      const agents = countBy(ofPath, (r) => String(r.user_agent));
      expect(row['user_agents']).toBe(agents.size);
      const heaviest = Math.max(...agents.values());
      expect(agents.get(String(row['top_user_agent']))).toBe(heaviest);
    }
  });

  it('host gives every request of one host, a mapped spelling being its IPv4 address', async () => {
    const rows = await run(layout, 'host', { host: '::FFFF:10.0.1.8', from: FROM, to: TO });
    const mine = sample.requests.filter((r) => inRange(r) && r.host === '10.0.1.8');
    expect(rows).toHaveLength(mine.length);
    expect(rows.map((r) => r['time'])).toEqual(mine.map((r) => r.time).sort());
    expect(new Set(rows.map((r) => r['application_name']))).toEqual(new Set(['checkout']));
  });

  it('unknown-hosts gives the hosts without a row, heaviest first', async () => {
    const rows = await run(layout, 'unknown-hosts', { from: FROM, to: TO, limit: '10' });
    const unknown = sample.requests.filter((r) => inRange(r) && r.application_name === 'UNKNOWN');
    const byHost = [...countBy(unknown, (r) => r.host)].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    expect(rows.map((r) => [r['host'], r['request_count']])).toEqual(byHost);
    expect(rows.length).toBeGreaterThanOrEqual(4);
  });

  it('aggregate at one minute gives what the aggregation specification gives from the log', async () => {
    const rows = await run(layout, 'aggregate', { from: FROM, to: TO, 'bucket-minutes': '1' });
    const spec = await runDuckDbAggregation(
      sample.requests.filter(inRange).map((r) => ({
        host: r.host,
        epochMs: r.epoch_ms,
        status: r.status,
        bytes: r.bytes,
      })),
      REFERENCE,
    );
    expect(
      rows.map((r) => ({
        windowStart: r['window_start'],
        applicationName: r['application_name'],
        contact: r['contact'],
        requestCount: r['request_count'],
        bytes: r['bytes'],
        statusCounts: JSON.parse(r['status_counts'] as string) as Record<string, number>,
      })),
    ).toEqual(spec);
  });

  it('aggregate at five minutes sums the minutes, for one application when asked', async () => {
    const rows = await run(layout, 'aggregate', { from: FROM, to: TO, application: 'search' });
    const mine = sample.requests.filter((r) => inRange(r) && r.application_name === 'search');
    const byBucket = countBy(mine, (r) =>
      new Date(Math.floor(r.epoch_ms / 300_000) * 300_000).toISOString(),
    );
    expect(rows.map((r) => [r['window_start'], r['request_count']])).toEqual([...byBucket].sort());
    expect(rows.length).toBe(18);
  });
});
