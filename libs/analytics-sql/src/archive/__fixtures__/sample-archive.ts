// A generated log and its archive in both layouts, for the named-query specs: the local writer's
// (each line in its own hour) and Firehose's (each shipper record through the real transformation
// handler, with the map on s3rver, written where its partition keys say).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { FirehoseTransformationEventRecord } from 'aws-lambda';
import {
  createArchiveTransformHandler,
  createLineArchiver,
  LocalArchiveWriter,
  type ArchiveRecord,
  type ArchivedRequest,
} from '@fleetlog/archive';
import { formatCombinedLine } from '@fleetlog/log-schema';
import { createLogger } from '@fleetlog/aws-kit';
import { startLocalS3 } from '@fleetlog/local-aws';
import { HostLookup, renderReferenceCsv, type HostRow } from '@fleetlog/reference-data';

export const REFERENCE: HostRow[] = [
  { host: '10.0.1.7', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '10.0.1.8', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '10.20.0.0/16', applicationName: 'search', contact: null },
  { host: '2001:db8::/48', applicationName: 'billing', contact: 'billing@example.com' },
];

/** Spellings as servers log them: a mapped IPv4, upper-case IPv6, unknown callers. */
const HOSTS = [
  '10.0.1.7',
  '::ffff:10.0.1.8',
  '10.20.3.4',
  '10.20.9.9',
  '2001:DB8::5',
  '192.0.2.1',
  '192.0.2.2',
  '2001:db9::1',
  '198.51.100.7',
];
const PATHS = ['/', '/cart', '/pay', '/search?q=a b', '/img/logo.png'];
const AGENTS = ['curl/8.0', 'Mozilla/5.0', null, 'bot "quoted"'];
const STATUSES = [200, 200, 200, 404, 500, 301, null];

export const START_MS = Date.UTC(2015, 4, 17, 9, 40);
export const END_MS = Date.UTC(2015, 4, 17, 12, 20);

/** A small seeded generator (xorshift), so the log is the same on every run. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

export interface SampleArchive {
  /** What the test counts from: every parsed line's archive record. */
  requests: ArchivedRequest[];
  malformed: number;
}

/**
 * Writes `count` generated lines (about 1 in 50 malformed) as archives into `localDir` (the local
 * writer) and `firehoseDir` (records of 25 lines, each record in its earliest line's hour).
 */
export async function writeSampleArchives(
  count: number,
  localDir: string,
  firehoseDir: string,
): Promise<SampleArchive> {
  const next = random(24);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const lookup = new HostLookup(REFERENCE);
  const archiver = createLineArchiver({ now: () => END_MS + 3_600_000 });
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (next() < 0.02) {
      lines.push(`garbage line ${i}`);
      continue;
    }
    // Roughly in time order with some jitter back, as shippers send them.
    const base = START_MS + ((END_MS - START_MS) * i) / count;
    const epochMs = Math.floor(base - next() * 120_000);
    const path = pick(PATHS);
    lines.push(
      formatCombinedLine({
        host: pick(HOSTS),
        ident: null,
        authUser: null,
        time: new Date(Math.floor(epochMs / 1000) * 1000).toISOString(),
        request: `GET ${path} HTTP/1.1`,
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        status: pick(STATUSES),
        bytes: next() < 0.1 ? null : Math.floor(next() * 5000),
        referer: null,
        userAgent: pick(AGENTS),
      }),
    );
  }
  const records: ArchiveRecord[] = lines.map((l) => archiver.line(l, lookup, END_MS));

  const writer = new LocalArchiveWriter(localDir, { fileName: 'part-local.json.gz' });
  await writer.add(records);
  await writer.close();

  await writeFirehoseLayout(lines, firehoseDir);

  const requests = records.filter((r): r is ArchivedRequest => !r.malformed);
  return { requests, malformed: records.length - requests.length };
}

/** Shipper records of 25 lines each through the transformation handler, files where Firehose puts them. */
async function writeFirehoseLayout(lines: readonly string[], dir: string): Promise<void> {
  const local = await startLocalS3();
  try {
    await local.createBucket('reference');
    await local.s3.send(
      new PutObjectCommand({
        Bucket: 'reference',
        Key: 'reference/HostApplicationMap.csv',
        Body: renderReferenceCsv(REFERENCE),
      }),
    );
    const logger = createLogger('sample-archive');
    logger.warn = () => undefined;
    const transform = createArchiveTransformHandler({
      s3: local.s3,
      referenceBucket: 'reference',
      now: () => END_MS + 3_600_000,
      logger,
    });
    const records: FirehoseTransformationEventRecord[] = [];
    for (let i = 0; i < lines.length; i += 25) {
      records.push({
        recordId: String(i),
        approximateArrivalTimestamp: END_MS,
        data: Buffer.from(lines.slice(i, i + 25).join('\n')).toString('base64'),
      });
    }
    const result = await transform({
      invocationId: 'sample',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/archive',
      region: 'us-east-1',
      records,
    });
    const writer = new LocalArchiveWriter(dir, { fileName: 'delivery-1.json.gz' });
    await writer.addTransformed(result.records);
    await writer.close();
  } finally {
    await local.stop();
  }
}
