import fc from 'fast-check';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { duplicateKey, planChunks, statusRangeCount, sumAggregates, toMetricData } from './index';
import { pipeline, requests } from './__fixtures__/test-records';

describe('pure helpers', () => {
  it('counts 4xx and 5xx from status codes, leaving out neighbours', () => {
    const counts = { '200': 1, '399': 2, '400': 3, '499': 4, '500': 5, '599': 6, '600': 7 };
    expect(statusRangeCount(counts, 400, 499)).toBe(7);
    expect(statusRangeCount(counts, 500, 599)).toBe(11);
  });

  it('sums status counts and merges the heaviest hosts', () => {
    const [sum] = sumAggregates([
      requests({
        statusCounts: { '200': 1 },
        topHosts: [
          { host: 'a', requestCount: 5 },
          { host: 'b', requestCount: 1 },
        ],
      }),
      requests({
        partial: { shardId: 's1', flushId: 'f9' },
        statusCounts: { '200': 2, '404': 1 },
        topHosts: [{ host: 'b', requestCount: 9 }],
      }),
    ]);
    expect(sum).toMatchObject({
      requestCount: 20,
      statusCounts: { '200': 3, '404': 1 },
      topHosts: [
        { host: 'b', requestCount: 10 },
        { host: 'a', requestCount: 5 },
      ],
    });
  });

  it('maps summed aggregates to data points', () => {
    const data = toMetricData([pipeline(), pipeline({ partial: { shardId: 's', flushId: 'x' } })]);
    expect(data.map((d) => [d.MetricName, d.Value])).toEqual([
      ['MalformedLines', 6],
      ['LogRecords', 200],
    ]);
  });
});

describe('chunk plan', () => {
  const key = (d: MetricDatum) =>
    `${d.MetricName}|${d.Dimensions?.[0]?.Value ?? ''}|${d.Timestamp?.toISOString()}`;
  const totals = (data: MetricDatum[]) => {
    const m = new Map<string, number>();
    for (const d of data) m.set(key(d), (m.get(key(d)) ?? 0) + (d.Value ?? 0));
    return m;
  };

  const arbRecord: fc.Arbitrary<AggregateRecord> = fc.oneof(
    fc
      .record({
        app: fc.constantFrom('a', 'b', 'c', 'UNKNOWN'),
        window: fc.constantFrom('2026-11-24T10:00:00.000Z', '2026-11-24T10:05:00.000Z'),
        n: fc.nat(1000),
        flush: fc.nat(5),
      })
      .map(({ app, window, n, flush }) =>
        requests({
          applicationName: app,
          windowStart: window,
          requestCount: n,
          statusCounts: { '500': n },
          partial: { shardId: 's', flushId: `f${flush}` },
        }),
      ),
    fc
      .record({ n: fc.nat(1000), flush: fc.nat(5) })
      .map(({ n, flush }) =>
        pipeline({ records: n, partial: { shardId: 's', flushId: `f${flush}` } }),
      ),
  );

  it('covers every record once, in order, within the limits, with the same totals as summing all', () => {
    fc.assert(
      fc.property(
        fc.array(arbRecord, { maxLength: 60 }),
        fc.integer({ min: 4, max: 40 }),
        (records, maxDatums) => {
          const seen = new Set<string>();
          const unique = records.filter(
            (r) => !seen.has(duplicateKey(r)) && !!seen.add(duplicateKey(r)),
          );
          const indexed = unique.map((record, index) => ({ index, record }));
          const chunks = planChunks(indexed, { maxDatums, maxPayloadBytes: 1_000_000 });
          for (const c of chunks) expect(c.metricData.length).toBeLessThanOrEqual(maxDatums);
          const firsts = chunks.map((c) => c.firstIndex);
          expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
          if (unique.length > 0) expect(firsts[0]).toBe(0);
          expect(chunks.reduce((n, c) => n + c.duplicateKeys.length, 0)).toBe(unique.length);
          // Chunking changes how points are split, never the totals.
          expect(totals(chunks.flatMap((c) => c.metricData))).toEqual(
            totals(toMetricData(records)),
          );
        },
      ),
    );
  });
});
