// `npm start -- --access-log ... --application-threshold N --threshold N` as a user runs it (node
// with tsx on main.ts): each flood answered once by its alarm in the log's own timeline, with
// when it began (checked against the generator's own minute counts), when the alarm fired and
// when the owner was notified, on stdout, in alarms.json and notifications.jsonl; a log that
// jumps backwards and forwards yields no alarm before its flood, and its late lines are counted
// in their own minute and as too late to alarm (ARCHITECTURE.md section 6b).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateTraffic } from '@fleetlog/loggen';
import { UNKNOWN_APPLICATION, bucketStartMs } from '@fleetlog/pipeline-config';
import type { AlarmEpisode } from '../cloud/alarm-episodes';
import {
  FIXED_NOW_MS,
  makeTempDir,
  removeDir,
  sumAggregatesFile,
} from '../__fixtures__/e2e-support';

const ROOT = resolve(__dirname, '../../../..');
const MAP = [
  'Host,ApplicationName,Contact',
  '10.1.0.1,checkout,team-checkout@example.com',
  '10.1.0.2,search,search-oncall@example.com',
  '10.1.0.3,reports,',
  '',
].join('\n');
const APP: Record<string, string> = {
  '10.1.0.1': 'checkout',
  '10.1.0.2': 'search',
  '10.1.0.3': 'reports',
};
const THRESHOLD = 2500;
const UNKNOWN_THRESHOLD = 1500;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The generator's truth, without the code under test: the minutes B at which the 5 minutes
 * before B held more than the threshold of one application's lines, when B - 1 min did not.
 */
function breachStarts(perMinute: ReadonlyMap<number, number>, threshold: number): string[] {
  const sumBefore = (b: number) => {
    let sum = 0;
    for (let m = b - 5 * MIN; m < b; m += MIN) sum += perMinute.get(m) ?? 0;
    return sum;
  };
  const candidates = new Set<number>();
  for (const m of perMinute.keys()) for (let k = 1; k <= 5; k++) candidates.add(m + k * MIN);
  return [...candidates]
    .sort((a, b) => a - b)
    .filter((b) => sumBefore(b) > threshold && sumBefore(b - MIN) <= threshold)
    .map(iso);
}

describe('replay with --application-threshold, in the log’s own timeline', () => {
  let dir: string | undefined;
  let stdout = '';
  let code: number | null = null;
  /** application → minute → lines. */
  const perMinute = new Map<string, Map<number, number>>();
  const start = FIXED_NOW_MS - 60 * MIN;
  let file: { episodes: AlarmEpisode[]; episodeStats: { tooLateToAlarm: number } };

  beforeAll(async () => {
    dir = await makeTempDir('replay-flood');
    const log = join(dir, 'access.log');
    await writeFile(join(dir, 'map.csv'), MAP);
    const background = [
      { host: '10.1.0.1', weight: 3 },
      { host: '10.1.0.2', weight: 2 },
      { host: '10.1.0.3', weight: 1 },
      { host: '203.0.113.5', weight: 1 },
    ];
    const part = (seed: number, count: number, from: number, to: number, host: string) => ({
      seed,
      count,
      startMs: from,
      endMs: to,
      hosts: [{ host, weight: 1 }],
    });
    // Dense enough that a 64 KiB record spans well under a minute of the log (its lines reach
    // the aggregator with its last one). An hour in time order: background (every application
    // under the threshold: about 1,070, 710 and 360 per 5 minutes) with checkout,
    // search and an unknown host each flooding 5 minutes; then the log jumps back to minute 5
    // (reports, a concatenated older piece) and forward a day (search floods again).
    const hour = [
      { seed: 1, count: 30_000, startMs: start, endMs: FIXED_NOW_MS, hosts: background },
      part(2, 3000, start + 10 * MIN, start + 15 * MIN - 1, '10.1.0.1'),
      part(3, 3500, start + 30 * MIN, start + 35 * MIN - 1, '10.1.0.2'),
      part(4, 4000, start + 45 * MIN, start + 50 * MIN - 1, '198.51.100.9'),
    ];
    const pieces = [
      hour,
      [part(5, 40, start + 5 * MIN, start + 6 * MIN - 1, '10.1.0.3')],
      [part(6, 3000, start + DAY + 10 * MIN, start + DAY + 11 * MIN - 1, '10.1.0.2')],
    ];
    const out = createWriteStream(log);
    for (const piece of pieces) {
      const lines = piece.flatMap((p) => [
        ...generateTraffic({
          ...p,
          lateFraction: 0,
          malformedFraction: 0,
          escapedQuoteFraction: 0,
        }),
      ]);
      lines.sort((a, b) => a.epochMs - b.epochMs);
      for (const g of lines) {
        const app = APP[g.host] ?? UNKNOWN_APPLICATION;
        const minutes = perMinute.get(app) ?? new Map<number, number>();
        perMinute.set(app, minutes);
        const minute = bucketStartMs(g.epochMs);
        minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
        if (!out.write(`${g.line}\n`)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');

    const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json' };
    delete env['FORCE_COLOR'];
    delete env['NO_COLOR'];
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tools/local-pipeline/src/main.ts',
        '--access-log',
        log,
        '--reference-csv',
        join(dir, 'map.csv'),
        '--out',
        join(dir, 'out'),
        '--application-threshold',
        String(THRESHOLD),
        '--threshold',
        String(UNKNOWN_THRESHOLD),
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    [code] = (await once(child, 'close')) as [number | null];
    file = JSON.parse(await readFile(join(dir, 'out', 'alarms.json'), 'utf8')) as typeof file;
  }, 120_000);

  afterAll(() => removeDir(dir));

  it('answers each flood once, from the minute the generator says it began', () => {
    expect(code).toBe(0);
    const expected = [
      ...breachStarts(perMinute.get('checkout') ?? new Map(), THRESHOLD).map((b) => [
        'ApplicationFlood',
        'checkout',
        b,
      ]),
      ...breachStarts(perMinute.get('search') ?? new Map(), THRESHOLD).map((b) => [
        'ApplicationFlood',
        'search',
        b,
      ]),
      ...breachStarts(perMinute.get('reports') ?? new Map(), THRESHOLD).map((b) => [
        'ApplicationFlood',
        'reports',
        b,
      ]),
      ...breachStarts(perMinute.get(UNKNOWN_APPLICATION) ?? new Map(), UNKNOWN_THRESHOLD).map(
        (b) => ['UnknownSourceRequests', UNKNOWN_APPLICATION, b],
      ),
    ];
    // checkout, search (twice, a day apart) and the unknown host: nothing else, reports never.
    expect(expected.map(([, app]) => app).sort()).toEqual([
      'UNKNOWN',
      'checkout',
      'search',
      'search',
    ]);
    expect(file.episodes.map((e) => [e.alarm, e.applicationName, e.breachStart]).sort()).toEqual(
      expected.sort(),
    );
    for (const e of file.episodes) {
      expect(e).toMatchObject({ missed: false, flap: false });
      // Never an alarm before its flood, never a negative delay, whatever the log's jumps.
      expect((e.alarmAt ?? '') >= (e.breachStart ?? '~')).toBe(true);
      expect(e.delaySeconds).toBeGreaterThan(0);
    }
    // Back to OK after each flood of the hour; the next day's flood is still in ALARM when the
    // log ends a minute after it (nothing is evaluated past the end of the run).
    expect(file.episodes.map((e) => e.okAt !== null)).toEqual([true, true, true, false]);
  });

  it('counts the lines of the jump back in their own minute, and as too late to alarm', async () => {
    const sums = await sumAggregatesFile(join(dir ?? '', 'out', 'aggregates.jsonl'));
    const minute5 = start + 5 * MIN;
    expect(sums.requests.get(`${iso(minute5)}|reports`)).toBe(
      perMinute.get('reports')?.get(minute5),
    );
    expect(file.episodeStats.tooLateToAlarm).toBeGreaterThanOrEqual(1);
    expect(stdout).toMatch(/[1-9]\d* data point\(s\) too late to alarm/);
  });

  it('prints each flood with its start, alarm, notification and delay, every time dated', () => {
    const checkout = file.episodes.find((e) => e.applicationName === 'checkout') as AlarmEpisode;
    const dated = (t: string | null) => `${t?.slice(0, 10)} ${t?.slice(11, 19)}`;
    expect(stdout).toContain(
      `checkout: began ${dated(checkout.breachStart)}, alarm ${dated(checkout.alarmAt)}, notified ${dated(checkout.notifiedAt)}`,
    );
    expect(stdout).toMatch(/4 episode\(s\), delay breach → notified: median \+\d+m\d\ds, worst/);
  });

  it('writes who to call for each flood, the unknown one with its threshold from --threshold', async () => {
    const notes = (await readFile(join(dir ?? '', 'out', 'notifications.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as {
            alarm: string;
            state: string;
            applicationName: string;
            contact: string | null;
            threshold: number;
            alarmAt: string;
            sentAt: string;
            topHosts: { host: string }[];
          },
      );
    const alarms = notes.filter((n) => n.state === 'ALARM');
    expect(
      alarms.map((n) => [n.applicationName, n.contact, n.threshold, n.topHosts[0]?.host]),
    ).toEqual([
      ['checkout', 'team-checkout@example.com', THRESHOLD, '10.1.0.1'],
      ['search', 'search-oncall@example.com', THRESHOLD, '10.1.0.2'],
      ['UNKNOWN', null, UNKNOWN_THRESHOLD, '198.51.100.9'],
      ['search', 'search-oncall@example.com', THRESHOLD, '10.1.0.2'],
    ]);
    // One ALARM per episode and one OK per episode that ended, at the model's state changes.
    expect(notes).toHaveLength(2 * file.episodes.length - 1);
    for (const e of file.episodes) {
      expect(
        notes.filter(
          (n) => n.state === 'ALARM' && n.alarmAt === e.alarmAt && n.sentAt === e.notifiedAt,
        ),
      ).toHaveLength(1);
    }
    expect(stdout).toContain('→ team-checkout@example.com');
    expect(stdout).toContain('→ search-oncall@example.com');
  });
});
