import { decodeAggregate } from '@fleetlog/log-schema';
import type { PipelineAggregate, RequestsAggregate } from '@fleetlog/log-schema';
import { decodeState, encodeState } from './state-codec';
import { DEFAULT_TOP_HOST_COUNTERS, WindowAggregate } from './window-aggregate';

const T0 = Date.UTC(2015, 4, 17, 10, 5);
const T1 = T0 + 60_000; // the next minute
const partial = { shardId: 'shardId-000000000000', flushId: 'f' };

/** The window as the next invocation rebuilds it from the state, through JSON as Lambda passes it. */
function roundTrip(agg: WindowAggregate): WindowAggregate {
  const state = JSON.parse(JSON.stringify(encodeState(agg, 'r', 0).state)) as unknown;
  return decodeState(state, DEFAULT_TOP_HOST_COUNTERS).agg;
}

describe('WindowAggregate', () => {
  it('emits one requests record per (bucket, application) and one pipeline record per bucket', () => {
    const agg = new WindowAggregate();
    agg.addRequest(T0, 'checkout', 'team@x', '10.0.0.1', 200, 100);
    agg.addRequest(T0, 'checkout', 'team@x', '10.0.0.1', 404, null);
    agg.addRequest(T0, 'checkout', 'team@x', '10.0.0.2', null, 50);
    agg.addRequest(T1, 'UNKNOWN', null, '1.2.3.4', 200, 7);
    agg.addMalformed(T0, 2);

    const out = agg.toAggregateRecords(partial);
    expect(out.map((r) => [r.kind, r.windowStart])).toEqual([
      ['requests', '2015-05-17T10:05:00.000Z'],
      ['pipeline', '2015-05-17T10:05:00.000Z'],
      ['requests', '2015-05-17T10:06:00.000Z'],
      ['pipeline', '2015-05-17T10:06:00.000Z'],
    ]);
    const checkout = out[0] as RequestsAggregate;
    expect(checkout).toEqual({
      schemaVersion: 1,
      kind: 'requests',
      windowStart: '2015-05-17T10:05:00.000Z',
      windowEnd: '2015-05-17T10:06:00.000Z',
      applicationName: 'checkout',
      contact: 'team@x',
      requestCount: 3, // the null status is a request...
      bytes: 150, // ...and null bytes count as 0
      statusCounts: { '200': 1, '404': 1 }, // ...but has no status entry
      topHosts: [
        { host: '10.0.0.1', requestCount: 2 },
        { host: '10.0.0.2', requestCount: 1 },
      ],
      partial,
    });
    expect(out[1] as PipelineAggregate).toMatchObject({ records: 5, malformedLines: 2 });
    expect(out[3] as PipelineAggregate).toMatchObject({ records: 1, malformedLines: 0 });
    expect((out[2] as RequestsAggregate).contact).toBeNull();
  });

  it('counts unusual status codes too, in ascending order, and keeps them through the state', () => {
    const agg = new WindowAggregate();
    for (const status of [999, 200, 42, 200, 599]) agg.addRequest(T0, 'a', null, 'h', status, 1);
    const expected = { '042': 1, '200': 2, '599': 1, '999': 1 }; // three digits, as decoded
    const [rec] = agg.toAggregateRecords(partial) as RequestsAggregate[];
    expect(rec.statusCounts).toEqual(expected);
    // JavaScript lists integer-like keys first, ascending; '042' is not one, so it comes last.
    expect(Object.keys(rec.statusCounts)).toEqual(['200', '599', '999', '042']);
    const back = roundTrip(agg);
    expect((back.toAggregateRecords(partial)[0] as RequestsAggregate).statusCounts).toEqual(
      expected,
    );
    // The publisher decodes what the aggregator writes: a two-digit key would refuse the record.
    expect(decodeAggregate(JSON.stringify(rec))).toMatchObject({ ok: true });
  });

  it('reports at most 10 top hosts, heaviest first', () => {
    const agg = new WindowAggregate();
    for (let h = 0; h < 20; h++) {
      for (let i = 0; i <= h; i++) agg.addRequest(T0, 'UNKNOWN', null, `10.0.0.${h}`, 200, 1);
    }
    const [rec] = agg.toAggregateRecords(partial) as RequestsAggregate[];
    expect(rec.topHosts).toHaveLength(10);
    expect(rec.topHosts[0]).toEqual({ host: '10.0.0.19', requestCount: 20 });
    expect(rec.topHosts[9]).toEqual({ host: '10.0.0.10', requestCount: 11 });
  });

  it('survives a JSON round trip of its state and keeps counting', () => {
    const agg = new WindowAggregate(32, '4955');
    agg.addRequest(T0, 'checkout', 'c', '10.0.0.1', 200, 10);
    agg.addRequest(T1, 'search', null, '::1', 503, 1);
    agg.addMalformed(T0);
    const back = roundTrip(agg);
    expect(back.firstSeq).toBe('4955');
    expect(back.toAggregateRecords(partial)).toEqual(agg.toAggregateRecords(partial));
    back.addRequest(T0, 'checkout', 'c', '10.0.0.1', 200, 10);
    const [checkout] = back.toAggregateRecords(partial) as RequestsAggregate[];
    expect(checkout).toMatchObject({ requestCount: 2, bytes: 20, statusCounts: { '200': 2 } });
  });

  it('carries on a window from a version 1 state (written before a deployment)', () => {
    const v1 = {
      v: 1,
      rev: 'x',
      firstSeq: '7',
      buckets: {
        [T0]: {
          records: 3,
          malformed: 1,
          apps: {
            checkout: {
              contact: 'c',
              requests: 2,
              bytes: 5,
              status: { '200': 2 },
              top: ['h', 2, 0],
            },
          },
        },
      },
    };
    const { agg, early } = decodeState(v1, DEFAULT_TOP_HOST_COUNTERS);
    expect(early).toBe(0);
    expect(agg.firstSeq).toBe('7');
    expect(agg.toAggregateRecords(partial)).toMatchObject([
      { applicationName: 'checkout', requestCount: 2, bytes: 5, statusCounts: { '200': 2 } },
      { kind: 'pipeline', records: 3, malformedLines: 1 },
    ]);
  });

  it('refuses a state it did not write, naming the problem', () => {
    const decode = (state: unknown) => decodeState(state, DEFAULT_TOP_HOST_COUNTERS);
    expect(() => decode({ v: 3 })).toThrow(/version 2/);
    expect(() => decode({ v: 2, rev: 'x', firstSeq: null, early: 0, data: 'AQ==' })).toThrow(
      /ends inside a string/,
    );
    // Version 1 (JSON objects, before one-minute buckets made them costly) is still read.
    expect(() => decode({ v: 1, rev: 'x', firstSeq: null, buckets: { abc: {} } })).toThrow(
      /bad bucket abc/,
    );
    expect(() =>
      decode({
        v: 1,
        rev: 'x',
        firstSeq: null,
        buckets: { [T0]: { records: -1, malformed: 0, apps: {} } },
      }),
    ).toThrow(/records must be a non-negative integer/);
  });

  it('keeps the state of 10,000 distinct client IPs under 256 KB', () => {
    const agg = new WindowAggregate();
    for (let i = 0; i < 10_000; i++) {
      const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      // Spread over 2 buckets and 20 applications plus UNKNOWN, as a busy window would be.
      const app = i % 3 === 0 ? 'UNKNOWN' : `app-${i % 20}`;
      agg.addRequest(
        i % 2 === 0 ? T0 : T1,
        app,
        app === 'UNKNOWN' ? null : 'ops@x',
        host,
        200,
        512,
      );
    }
    const size = encodeState(agg, 'r', 0).bytes;
    expect(size).toBe(Buffer.byteLength(JSON.stringify(encodeState(agg, 'r', 0).state)));
    expect(size).toBeLessThan(256 * 1024);
  });
});
