// The replay's inputs as people have them: gzip (by content), rotated sets, standard input;
// and outputs that agree with each other for logs that are old, long or have a stray date.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { generateTraffic } from '@fleetlog/loggen';
import {
  FIXED_NOW_MS,
  makeTempDir,
  removeDir,
  sorted,
  sumAggregatesFile,
} from '../__fixtures__/e2e-support';
import { replayAccessLog, type ReplaySummary } from './replay';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A combined line at `ms` (UTC). */
function line(host: string, ms: number, status = 200): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const t = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `${host} - - [${t}] "GET /x HTTP/1.1" ${status} 10 "-" "curl/8"`;
}

/** MalformedLines data points in metrics.jsonl, summed. */
async function malformedMetricSum(path: string): Promise<number> {
  let sum = 0;
  for (const text of (await readFile(path, 'utf8')).split('\n')) {
    if (text === '') continue;
    const input = JSON.parse(text) as { MetricData: { MetricName: string; Value?: number }[] };
    for (const d of input.MetricData) if (d.MetricName === 'MalformedLines') sum += d.Value ?? 0;
  }
  return sum;
}

describe('replay inputs: gzip, rotated sets, standard input', () => {
  let dir: string | undefined;
  let text: string;
  let plain: ReplaySummary;

  beforeAll(async () => {
    dir = await makeTempDir('replay-inputs');
    const lines = [
      ...generateTraffic({
        seed: 11,
        count: 6_000,
        startMs: FIXED_NOW_MS - 3_600_000,
        endMs: FIXED_NOW_MS,
        malformedFraction: 0.01,
      }),
    ].map((g) => g.line);
    text = `${lines.join('\n')}\n`;
    await writeFile(join(dir, 'all.log'), text);
    plain = await replay([join(dir, 'all.log')], 'plain');
  }, 60_000);
  afterAll(() => removeDir(dir));

  function replay(accessLogs: string[], out: string, stdin?: Readable): Promise<ReplaySummary> {
    return replayAccessLog({
      accessLogs,
      outDir: join(dir as string, out),
      // Small records: many of them, cut at different places of gzip's and the file's chunks.
      recordBytes: 8 * 1024,
      shards: 1,
      logLevel: 'SILENT',
      stdin,
    });
  }

  it('gives the same aggregates, byte for byte, for a .gz file and the file itself', async () => {
    const d = dir as string;
    // Recognised by content: one named .gz, one not.
    await writeFile(join(d, 'all.log.gz'), gzipSync(Buffer.from(text)));
    await writeFile(join(d, 'all-compressed.log'), gzipSync(Buffer.from(text)));
    const gz = await replay([join(d, 'all.log.gz')], 'gz');
    const unnamed = await replay([join(d, 'all-compressed.log')], 'gz-unnamed');
    const expected = await readFile(plain.files.aggregates, 'utf8');
    expect(expected.length).toBeGreaterThan(1000);
    expect(await readFile(gz.files.aggregates, 'utf8')).toBe(expected);
    expect(await readFile(unnamed.files.aggregates, 'utf8')).toBe(expected);
    expect(gz.lines).toBe(6_000);
    expect(gz.totals.malformedLines).toBe(plain.totals.malformedLines);
    expect(plain.totals.malformedLines).toBeGreaterThan(20);
  }, 60_000);

  it('reads a rotated set in order and names each file with its counts', async () => {
    const d = dir as string;
    const all = text.split('\n').filter((l) => l !== '');
    const parts = [all.slice(0, 2_000), all.slice(2_000, 4_500), all.slice(4_500)];
    await writeFile(join(d, 'access.log'), `${parts[0].join('\n')}\n`);
    await writeFile(join(d, 'access.log.1'), `${parts[1].join('\n')}\n`);
    // gzip without a final newline: the last line still counts.
    await writeFile(join(d, 'access.log.2.gz'), gzipSync(Buffer.from(parts[2].join('\n'))));
    const rotated = await replay(
      ['access.log', 'access.log.1', 'access.log.2.gz'].map((n) => join(d, n)),
      'rotated',
    );
    expect(rotated.inputs.map((i) => [i.name.slice(d.length + 1), i.lines])).toEqual([
      ['access.log', 2_000],
      ['access.log.1', 2_500],
      ['access.log.2.gz', 1_500],
    ]);
    expect(rotated.inputs.reduce((s, i) => s + i.malformed, 0)).toBe(plain.totals.malformedLines);
    const a = await sumAggregatesFile(rotated.files.aggregates);
    const b = await sumAggregatesFile(plain.files.aggregates);
    expect(sorted(a.requests)).toEqual(sorted(b.requests));
    expect(a.malformedLines).toBe(b.malformedLines);

    // A pattern gives the same set, in natural order.
    const globbed = await replay([join(d, 'access.log*')], 'globbed');
    expect(globbed.inputs.map((i) => i.name)).toEqual(rotated.inputs.map((i) => i.name));
  }, 60_000);

  it('reads standard input (-), compressed or not', async () => {
    const fromStdin = await replay(['-'], 'stdin', Readable.from([gzipSync(Buffer.from(text))]));
    expect(fromStdin.inputs).toEqual([
      expect.objectContaining({ name: '-', lines: 6_000, malformed: plain.totals.malformedLines }),
    ]);
    expect(await readFile(fromStdin.files.aggregates, 'utf8')).toBe(
      await readFile(plain.files.aggregates, 'utf8'),
    );
  }, 60_000);
});

describe("replay time is the log's own: old, long logs and stray dates", () => {
  let dir: string | undefined;
  afterAll(() => removeDir(dir));

  it('fires the UNKNOWN alarm in the flood bucket of a 30-day log with a 2099 line, and reports that line', async () => {
    dir = await makeTempDir('replay-time');
    const day = 86_400_000;
    const start = Date.UTC(2015, 4, 1);
    const lines: string[] = [];
    // A trickle over 30 days: one request per 6 hours.
    for (let t = start; t < start + 30 * day; t += 6 * 3_600_000)
      lines.push(line('198.51.100.1', t));
    // The flood on day 2, 28 days before the newest line: 300 requests in 150 s, in its place.
    const flood = start + day + 10 * 3_600_000;
    const at = lines.findIndex((l) => l.includes('[02/May/2015:12:'));
    expect(at).toBeGreaterThan(0);
    lines.splice(
      at,
      0,
      ...Array.from({ length: 300 }, (_, i) => line('203.0.113.9', flood + i * 500)),
    );
    lines.splice(200, 0, line('198.51.100.1', Date.UTC(2099, 0, 1)));
    lines.splice(50, 0, 'not a log line');
    await writeFile(join(dir, 'month.log'), `${lines.join('\n')}\n`);

    const summary = await replayAccessLog({
      accessLogs: [join(dir, 'month.log')],
      outDir: join(dir, 'out'),
      shards: 1,
      logLevel: 'SILENT',
    });
    // In the log's own timeline: the first minute's 120 requests are seen at its end, they reach
    // CloudWatch 37 s after the minute's window closes, the alarm fires at the next evaluation.
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(summary.episodes).toEqual([
      expect.objectContaining({
        alarm: 'UnknownSourceRequests',
        breachStart: iso(flood + 60_000),
        alarmAt: iso(flood + 120_000),
        notifiedAt: iso(flood + 140_000),
        delaySeconds: 80,
        missed: false,
      }),
    ]);
    expect(Date.parse(summary.episodes[0].okAt ?? '')).toBeGreaterThan(flood + 120_000);
    // Every minute of the log is in CloudWatch: 120 of the trickle and the flood's 3 (or more
    // partials), none too late to alarm.
    const alarm = summary.alarms.find((a) => a.id === 'UnknownSourceRequests');
    expect(alarm?.datapoints).toBeGreaterThanOrEqual(123);
    expect(alarm?.tooLateToAlarm).toBe(0);
    expect(summary.publisher).toMatchObject({ tooOld: 0, tooNew: 0, invalid: 0 });
    expect(summary.futureLines).toBe(1);
    expect(summary.malformedReasons).toEqual({
      'timestamp in the future': 1,
      'expected "["': 1,
    });
    expect(summary.totals.malformedLines).toBe(2);
    expect(await malformedMetricSum(summary.files.metrics)).toBe(2);
    // The 2099 line did not make a bucket of its own.
    expect(summary.totals.buckets.every((b) => b < '2015-06')).toBe(true);
    // Malformed lines sit in a bucket of the log's time, not of the wall clock.
    const pipeline = (await readFile(summary.files.aggregates, 'utf8'))
      .split('\n')
      .filter((l) => l.includes('"kind":"pipeline"'))
      .map((l) => JSON.parse(l) as { windowStart: string; malformedLines: number })
      .filter((r) => r.malformedLines > 0);
    expect(pipeline.length).toBeGreaterThan(0);
    for (const r of pipeline) expect(r.windowStart.startsWith('2015-05')).toBe(true);
  }, 60_000);
});
