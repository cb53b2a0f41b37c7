import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateTraffic } from '@fleetlog/loggen';
import { UNKNOWN_APPLICATION, bucketStartMs } from '@fleetlog/pipeline-config';
import {
  csvRows,
  FIXED_NOW_MS,
  makeTempDir,
  removeDir,
  sorted,
  sumAggregatesFile,
} from '../__fixtures__/e2e-support';
import { replayAccessLog, type ReplaySummary } from './replay';

/** The reference CSV as a person would write it: quoting, a CRLF line, an IPv6 host. */
const REFERENCE_CSV = [
  'Host,ApplicationName,Contact',
  '10.1.0.1,checkout,team-checkout@example.com',
  '10.1.0.2,checkout,team-checkout@example.com\r',
  '"2001:db8:1::7",search,"Search on-call, EMEA <search@example.com>"',
  '10.1.0.9,reports,',
  '',
].join('\n');
const MAPPED: Record<string, string> = {
  '10.1.0.1': 'checkout',
  '10.1.0.2': 'checkout',
  '2001:db8:1::7': 'search',
  '10.1.0.9': 'reports',
};
const HOSTS = [
  { host: '10.1.0.1', weight: 5 },
  { host: '10.1.0.2', weight: 3 },
  { host: '2001:db8:1::7', weight: 3 },
  { host: '10.1.0.9', weight: 1 },
  { host: '203.0.113.5', weight: 2 },
  { host: '2001:db8:dead::1', weight: 1 },
  { host: '198.51.100.9', weight: 0.5 },
];
const LINES = 30_000;

describe('npm start -- --access-log: replay of a generated log end to end', () => {
  let dir: string | undefined;
  let summary: ReplaySummary;
  const expected = new Map<string, number>();
  let expectedMalformed = 0;

  beforeAll(async () => {
    dir = await makeTempDir('replay');
    const logPath = join(dir, 'access.log');
    const csvPath = join(dir, 'HostApplicationMap.csv');
    await writeFile(csvPath, REFERENCE_CSV);
    const out = createWriteStream(logPath);
    const startMs = FIXED_NOW_MS - 2 * 3_600_000;
    for (const g of generateTraffic({
      seed: 2024,
      count: LINES,
      startMs,
      endMs: FIXED_NOW_MS,
      hosts: HOSTS,
      lateFraction: 0.03,
      malformedFraction: 0.005,
      escapedQuoteFraction: 0.02,
    })) {
      if (g.malformed) expectedMalformed++;
      else {
        const key = `${new Date(bucketStartMs(g.epochMs)).toISOString()}|${MAPPED[g.host] ?? UNKNOWN_APPLICATION}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      if (!out.write(`${g.line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    // Small records and invocations, so this file goes through many of them as a huge one would.
    summary = await replayAccessLog({
      accessLogs: [logPath],
      referenceCsv: csvPath,
      outDir: join(dir, 'out'),
      recordBytes: 16 * 1024,
      recordsPerInvocation: 4,
      shards: 2,
      logLevel: 'SILENT',
    });
  }, 60_000);

  afterAll(() => removeDir(dir));

  it('reads every line of the file, in many records, invocations and windows', () => {
    expect(summary.lines).toBe(LINES);
    expect(summary.kinesisRecords).toBeGreaterThan(100);
    expect(summary.invocations).toBeGreaterThan(25);
    expect(summary.undecodable).toBe(0);
  });

  it('sums in aggregates.jsonl to the generator truth per bucket and application', async () => {
    const sums = await sumAggregatesFile(summary.files.aggregates);
    expect(sums.duplicates).toBe(0);
    expect(sorted(sums.requests)).toEqual(sorted(expected));
    // Every application of the map and UNKNOWN is there: the map was read, quoting and all.
    const apps = new Set([...sums.requests.keys()].map((k) => k.split('|')[1]));
    expect([...apps].sort()).toEqual(['UNKNOWN', 'checkout', 'reports', 'search']);
  });

  it('counts malformed lines instead of failing on them', async () => {
    const sums = await sumAggregatesFile(summary.files.aggregates);
    expect(expectedMalformed).toBeGreaterThan(50);
    expect(sums.malformedLines).toBe(expectedMalformed);
    expect(summary.totals.malformedLines).toBe(expectedMalformed);
  });

  it('serves the given reference CSV as the map', async () => {
    const map = await readFile(summary.files.map, 'utf8');
    expect(csvRows(map).map((row) => row.split(',')[0])).toEqual(Object.keys(MAPPED).sort());
  });
});
