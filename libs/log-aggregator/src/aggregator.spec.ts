// The handler on kinesalite and s3rver: formats of records, event time, malformed lines, window
// state and flushing.
import { gzipSync } from 'node:zlib';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { flushIdOf } from './aggregator';
import { final, pipelineOf, requestsOf, useLocalAggregator } from './__fixtures__/local-aggregator';
import {
  SHARD,
  WINDOW_START,
  agentJson,
  combinedLine,
  kinesisRecord,
  windowEvent,
} from './__fixtures__/test-events';

const local = useLocalAggregator();
const { newStream, readStream, aggregator } = local;

describe('log-aggregator handler', () => {
  it('counts raw, agent JSON and gzip records per (bucket, application) and flushes on the final invocation', async () => {
    const stream = await newStream();
    const { handler } = aggregator(stream);
    const t = '2015-05-17T10:06:00Z';
    const first = await handler(
      windowEvent([
        // several raw lines in one record, CRLF included
        kinesisRecord(
          `${combinedLine('10.0.1.7', t, 200, 100)}\r\n${combinedLine('10.0.1.8', t, 404, '-')}\r\n`,
        ),
        // several agent objects in one record
        kinesisRecord(`${agentJson('10.0.1.7', t, 200, 10)}\n${agentJson('9.9.9.9', t, 500, 1)}\n`),
        // gzip, as Fluent Bit sends: raw lines and agent JSON
        kinesisRecord(gzipSync(`${combinedLine('9.9.9.9', t, 200, 1)}\n`)),
        kinesisRecord(gzipSync(agentJson('2001:db8::1', t, null, null))),
      ]),
    );
    expect(first.batchItemFailures).toEqual([]);
    expect(await readStream(stream)).toEqual([]); // nothing before the window closes

    const last = await handler(final(first.state));
    expect(last).toEqual({ state: {}, batchItemFailures: [] });

    const written = await readStream(stream);
    expect(written.map((w) => w.key)).toEqual(['UNKNOWN', 'checkout', 'search', 'pipeline']);
    const [unknown, checkout, search] = requestsOf(written);
    expect(checkout).toMatchObject({
      windowStart: '2015-05-17T10:06:00.000Z',
      windowEnd: '2015-05-17T10:07:00.000Z',
      contact: 'team-checkout@example.com',
      requestCount: 3,
      bytes: 110,
      statusCounts: { '200': 2, '404': 1 },
      topHosts: [
        { host: '10.0.1.7', requestCount: 2 },
        { host: '10.0.1.8', requestCount: 1 },
      ],
      partial: { shardId: SHARD },
    });
    expect(unknown).toMatchObject({
      applicationName: 'UNKNOWN',
      contact: null,
      requestCount: 2,
      statusCounts: { '200': 1, '500': 1 },
      topHosts: [{ host: '9.9.9.9', requestCount: 2 }],
    });
    // null status: a request without a status entry; null bytes: 0
    expect(search).toMatchObject({ requestCount: 1, bytes: 0, statusCounts: {}, contact: null });
    expect(pipelineOf(written)).toMatchObject([{ records: 6, malformedLines: 0 }]);
    const flushIds = new Set(written.map((w) => w.value.partial.flushId));
    expect(flushIds.size).toBe(1);
  });

  it('puts requests in the bucket of their own timestamp and malformed lines in the window start bucket', async () => {
    const stream = await newStream();
    const { handler } = aggregator(stream);
    const res = await handler(
      windowEvent(
        [
          kinesisRecord(combinedLine('10.0.1.7', '2015-05-17T10:11:00Z')),
          kinesisRecord(combinedLine('10.0.1.7', '2015-05-17T09:31:10Z')), // late: 40 min old
          kinesisRecord(combinedLine('10.0.1.7', '2015-05-17T10:11:59Z')),
          kinesisRecord(combinedLine('10.0.1.7', '2015-05-17T10:12:00Z')),
          kinesisRecord('garbage'),
        ],
        { windowStart: '2015-05-17T10:11:30.000Z', windowEnd: '2015-05-17T10:12:30.000Z' },
      ),
    );
    await handler(
      final(res.state, {
        windowStart: '2015-05-17T10:11:30.000Z',
        windowEnd: '2015-05-17T10:12:30.000Z',
      }),
    );
    const written = await readStream(stream);
    expect(requestsOf(written).map((r) => [r.windowStart, r.requestCount])).toEqual([
      ['2015-05-17T09:31:00.000Z', 1],
      ['2015-05-17T10:11:00.000Z', 2],
      ['2015-05-17T10:12:00.000Z', 1],
    ]);
    expect(pipelineOf(written).map((p) => [p.windowStart, p.records, p.malformedLines])).toEqual([
      ['2015-05-17T09:31:00.000Z', 1, 0],
      ['2015-05-17T10:11:00.000Z', 3, 1],
      ['2015-05-17T10:12:00.000Z', 1, 0],
    ]);
  });

  it('counts malformed lines and undecodable records without failing the batch, and samples them at a limited rate', async () => {
    const stream = await newStream();
    const { handler, log } = aggregator(stream, { malformedSamplesPerMinute: 2 });
    const t = '2015-05-17T10:06:00Z';
    const badGzip = gzipSync(combinedLine('10.0.1.7', t)).subarray(0, 15);
    const res = await handler(
      windowEvent([
        kinesisRecord(`${combinedLine('10.0.1.7', t)}\nnot a lög line\n`),
        kinesisRecord('{"host": "10.0.1.7", broken json'),
        kinesisRecord('{"host": 42}'),
        kinesisRecord(badGzip),
        kinesisRecord('\u0016\u0003\u0001\u0000\u00a5\u0001'), // TLS bytes to port 80
      ]),
    );
    expect(res.batchItemFailures).toEqual([]);
    const samples = log.warn.mock.calls.filter(([m]) => m === 'malformed log line');
    expect(samples).toHaveLength(2);
    expect(samples[0][1]).toMatchObject({ line: 'not a lög line', shardId: SHARD });
    expect(log.warn).toHaveBeenCalledWith('further malformed log lines not sampled', {
      suppressed: 3,
      shardId: SHARD,
    });

    await handler(final(res.state));
    const written = await readStream(stream);
    expect(requestsOf(written).map((r) => r.requestCount)).toEqual([1]);
    expect(pipelineOf(written)).toMatchObject([{ records: 6, malformedLines: 5 }]);
  });

  it('attributes a non-canonical IPv6 host to its canonical reference row', async () => {
    const stream = await newStream();
    const { handler } = aggregator(stream);
    const t = '2015-05-17T10:06:00Z';
    const res = await handler(
      windowEvent([kinesisRecord(combinedLine('2001:0db8:0:0:0:0:0:1', t))], { final: true }),
    );
    expect(res.state).toEqual({});
    const [search] = requestsOf(await readStream(stream));
    expect(search).toMatchObject({
      applicationName: 'search',
      topHosts: [{ host: '2001:db8::1', requestCount: 1 }],
    });
  });

  it('gives the same result whether the window state stays warm or is rebuilt from JSON', async () => {
    const t = '2015-05-17T10:06:00Z';
    const batches = [0, 1, 2].map((b) =>
      Array.from({ length: 30 }, (_, i) =>
        kinesisRecord(combinedLine(`10.0.${b}.${i % 13}`, t, 200 + (i % 3), i)),
      ),
    );
    const firstSeq = batches[0][0].kinesis.sequenceNumber;

    // Warm: one container, state passed back as Lambda does (JSON).
    const warmStream = await newStream();
    const warm = aggregator(warmStream).handler;
    let state: Record<string, unknown> = {};
    for (const batch of batches) {
      state = JSON.parse(JSON.stringify((await warm(windowEvent(batch, { state }))).state));
    }
    await warm(final(state));

    // Cold: a new container for every invocation.
    const coldStream = await newStream();
    state = {};
    for (const batch of batches) {
      const cold = aggregator(coldStream).handler;
      state = JSON.parse(JSON.stringify((await cold(windowEvent(batch, { state }))).state));
    }
    expect(Buffer.byteLength(JSON.stringify(state))).toBeGreaterThan(0);
    await aggregator(coldStream).handler(final(state));

    const warmOut = (await readStream(warmStream)).map((w) => w.value);
    const coldOut = (await readStream(coldStream)).map((w) => w.value);
    expect(coldOut).toEqual(warmOut);
    expect(pipelineOf(warmOut.map((value) => ({ value })))).toMatchObject([{ records: 90 }]);
    expect(warmOut[0].partial.flushId).toBe(flushIdOf(SHARD, WINDOW_START, firstSeq));
  });

  it('rebuilds from the incoming state when Lambda retries an invocation with an older state', async () => {
    const stream = await newStream();
    const { handler } = aggregator(stream);
    const t = '2015-05-17T10:06:00Z';
    const a = await handler(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))]));
    const retried = windowEvent([kinesisRecord(combinedLine('10.0.1.8', t))], { state: a.state });
    await handler(retried); // its response was lost...
    const b = await handler(retried); // ...so Lambda sends the same batch with the same state
    await handler(final(b.state));
    const [checkout] = requestsOf(await readStream(stream));
    expect(checkout.requestCount).toBe(2); // not 3
  });

  it('returns an empty state and writes nothing for an empty final invocation of an empty window', async () => {
    const stream = await newStream();
    const send = jest.spyOn(local.kinesis, 'send');
    const { handler } = aggregator(stream);
    expect(await handler(final({}))).toEqual({ state: {}, batchItemFailures: [] });
    const noRecords = { ...final({}) } as Partial<KinesisTumblingWindowEvent>;
    delete noRecords.Records;
    expect(await handler(noRecords as KinesisTumblingWindowEvent)).toEqual({
      state: {},
      batchItemFailures: [],
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('flushes a window that Lambda terminated early', async () => {
    const stream = await newStream();
    const { handler } = aggregator(stream);
    const a = await handler(
      windowEvent([kinesisRecord(combinedLine('10.0.1.7', '2015-05-17T10:06:00Z'))]),
    );
    const b = await handler(
      windowEvent([kinesisRecord(combinedLine('10.0.1.7', '2015-05-17T10:06:40Z'))], {
        state: a.state,
        early: true,
      }),
    );
    expect(b).toEqual({ state: {}, batchItemFailures: [] });
    expect(requestsOf(await readStream(stream))).toMatchObject([{ requestCount: 2 }]);
  });

  it('keeps the window state under 256 KB at 10,000 distinct client IPs', async () => {
    const { handler } = aggregator(await newStream());
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      combinedLine(`172.16.${i >> 8}.${i & 255}`, '2015-05-17T10:06:00Z'),
    );
    const records = Array.from({ length: 100 }, (_, r) =>
      kinesisRecord(lines.slice(r * 100, r * 100 + 100).join('\n')),
    );
    const res = await handler(windowEvent(records));
    expect(Buffer.byteLength(JSON.stringify(res.state))).toBeLessThan(256 * 1024);
  });
});
