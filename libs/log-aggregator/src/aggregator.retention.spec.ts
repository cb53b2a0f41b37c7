// What a warm container keeps between invocations (the live window's top-host counters, the
// host lookup's cache of misses, the IPv6 spellings, the X-Forwarded-For memory) must not keep
// the decoded payloads alive: a host of 13 characters or more, cut out of a payload, is a view
// onto the whole payload in V8, and a record can carry a megabyte of lines (Fluent Bit packs them).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { createAggregatorHandler } from './aggregator';
import { stateRequests } from './__fixtures__/state-records';
import { combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PAYLOAD_BYTES = 1_000_000;
const RECORDS = 40;
// Were the payloads kept, 40 of them would be 40 MB (twice that as base64 in the events).
const LIMIT = (RECORDS * PAYLOAD_BYTES) / 4;
const T = '2015-05-17T10:06:00Z';

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** One 1 MB payload: a line, then filler the aggregator counts as one malformed line. */
function payload(line: string): Buffer {
  return Buffer.from(`${line}\n${'x'.repeat(PAYLOAD_BYTES)}\n`, 'latin1');
}

describe('aggregator memory between invocations', () => {
  const s3 = mockClient(S3Client);
  const kinesis = mockClient(KinesisClient);
  afterAll(() => (s3.restore(), kinesis.restore()));

  // combined: the hosts reach the lookup, the spellings and the counters as views; behind a
  // balancer they come out of the X-Forwarded-For memory first.
  it.each([
    ['combined', (caller: string) => combinedLine(caller, T)],
    [
      'combined_xff',
      (caller: string) => `${combinedLine('10.200.1.1', T)} "${caller}, 10.200.9.9"`,
    ],
  ])('keeps no payload alive through counters or caches (%s)', async (logFormat, lineOf) => {
    s3.on(GetObjectCommand).resolves({
      ETag: '"1"',
      Body: {
        transformToString: async () => 'Host,ApplicationName,Contact\n10.100.0.0/16,fleet,\n',
      } as never,
    });
    const handler = createAggregatorHandler({
      s3: new S3Client({}),
      kinesis: new KinesisClient({}),
      referenceBucket: 'b',
      outputStreamName: 'out',
      logFormat,
      trustedProxies: logFormat === 'combined_xff' ? ['10.200.0.0/16'] : undefined,
      logger: new Logger({ serviceName: 't', logLevel: 'SILENT' }),
    });
    const before = heapAfterGc();
    const response = await (async () => {
      const records = [];
      for (let i = 0; i < RECORDS; i++) {
        // Block-mapped IPv4 and unmapped IPv6 callers, each of 13 characters or more.
        const caller = i % 2 === 0 ? `10.100.${100 + i}.200` : `2001:db8:${i.toString(16)}::1`;
        records.push(kinesisRecord(payload(lineOf(caller))));
      }
      return handler(windowEvent(records));
    })();
    const retained = heapAfterGc() - before;
    // The window is live in the container: the callers are counted and held.
    const held = stateRequests(JSON.parse(JSON.stringify(response.state))).flatMap((r) =>
      r.topHosts.map((h) => h.host),
    );
    expect(held).toContain('10.100.100.200');
    expect(held).toContain('2001:db8:1::1');
    expect(retained).toBeLessThan(LIMIT);
  });
});
