import { Logger } from '@aws-lambda-powertools/logger';
import { runDuckDbAggregation, type SqlAggregateRow } from '@fleetlog/analytics-sql';
import { KinesisWindowPoller, type PollerFailure } from '@fleetlog/local-aws';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { generateTraffic } from '@fleetlog/loggen';
import { bucketStartMs } from '@fleetlog/pipeline-config';
import type { HostRow } from '@fleetlog/reference-data';
import { INPUT_STREAM, startLocalPipelineEnv, type LocalPipelineEnv } from './local-pipeline-env';

/** One (bucket, application) total, in the SQL result's shape. */
type Totals = Pick<
  SqlAggregateRow,
  'windowStart' | 'applicationName' | 'contact' | 'requestCount' | 'bytes' | 'statusCounts'
>;

const LINES = 100_000;
const HOSTS = [
  ...Array.from({ length: 24 }, (_, i) => ({ host: `10.1.0.${i + 1}`, weight: 1 + (i % 5) })),
  { host: '2001:db8::a', weight: 3 },
  ...Array.from({ length: 6 }, (_, i) => ({ host: `198.51.100.${i + 1}`, weight: 2 })), // unmapped
];
const APPS = ['checkout', 'search', 'billing', 'images'];
const REFERENCE: HostRow[] = HOSTS.slice(0, 25).map(({ host }, i) => ({
  host,
  applicationName: APPS[i % APPS.length],
  contact: i % APPS.length === 3 ? null : `${APPS[i % APPS.length]}@example.com`,
}));

/** Sums the aggregator's partials per (bucket, application), as CloudWatch's Sum would. */
function sumRequests(records: readonly AggregateRecord[]): Totals[] {
  const byKey = new Map<string, Totals>();
  for (const r of records) {
    if (r.kind !== 'requests') continue;
    const key = `${r.windowStart}|${r.applicationName}`;
    const t: Totals = byKey.get(key) ?? {
      windowStart: r.windowStart,
      applicationName: r.applicationName,
      contact: r.contact,
      requestCount: 0,
      bytes: 0,
      statusCounts: {},
    };
    t.requestCount += r.requestCount;
    t.bytes += r.bytes;
    for (const [status, n] of Object.entries(r.statusCounts))
      t.statusCounts[status] = (t.statusCounts[status] ?? 0) + n;
    byKey.set(key, t);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.windowStart.localeCompare(b.windowStart) ||
      (a.applicationName < b.applicationName ? -1 : 1),
  );
}

describe('conformance: the aggregator over local Kinesis equals the DuckDB specification', () => {
  let env: LocalPipelineEnv;
  afterAll(() => env?.stop());

  it(`gives the same counts per bucket, application and status for ${LINES} generated lines`, async () => {
    env = await startLocalPipelineEnv({ inputShards: 4, outputShards: 2, reference: REFERENCE });
    const startMs = bucketStartMs(Date.UTC(2026, 10, 24, 8, 0));
    const traffic = [
      ...generateTraffic({
        seed: 20261124,
        count: LINES,
        startMs,
        endMs: startMs + 3_600_000,
        hosts: HOSTS,
        lateFraction: 0.05,
        malformedFraction: 0.01,
      }),
    ];
    expect(traffic).toHaveLength(LINES);

    const failures: PollerFailure[] = [];
    const poller = new KinesisWindowPoller(
      {
        kinesis: env.kinesis,
        streamName: INPUT_STREAM,
        batchSize: 500,
        onFailure: (f) => void failures.push(f),
      },
      env.aggregator({ logger: new Logger({ serviceName: 'conformance', logLevel: 'SILENT' }) }),
    );
    // Two deliveries with a window flush in between: every shard emits several partials per bucket.
    const split = Math.floor(LINES * 0.7);
    const partitionKey = (i: number) => `agent-${i % 16}`;
    await env.putLines(
      traffic.slice(0, split).map((t) => t.line),
      { linesPerRecord: 50, partitionKey },
    );
    await poller.drain();
    await env.putLines(
      traffic.slice(split).map((t) => t.line),
      { linesPerRecord: 50, partitionKey },
    );
    await poller.drain();
    expect(failures).toEqual([]);

    const output = await env.readOutput();
    expect(new Set(output.map((r) => r.partial.shardId)).size).toBe(4);
    const valid = traffic.filter((t) => !t.malformed);
    const expected = await runDuckDbAggregation(
      valid.map(({ host, epochMs, status, bytes }) => ({ host, epochMs, status, bytes })),
      REFERENCE,
    );
    const actual = sumRequests(output);
    expect(actual.length).toBe(60 * 5); // 60 one-minute buckets × (4 applications + UNKNOWN)
    expect(actual).toEqual(
      expected.map(
        ({ windowStart, applicationName, contact, requestCount, bytes, statusCounts }) => ({
          windowStart,
          applicationName,
          contact,
          requestCount,
          bytes,
          statusCounts,
        }),
      ),
    );

    const pipeline = output.filter((r) => r.kind === 'pipeline');
    expect(pipeline.reduce((n, r) => n + r.records, 0)).toBe(LINES);
    expect(pipeline.reduce((n, r) => n + r.malformedLines, 0)).toBe(LINES - valid.length);
  }, 90_000);
});
