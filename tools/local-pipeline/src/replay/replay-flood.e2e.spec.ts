// `npm start -- --access-log ... --application-threshold N --threshold N` as a user runs it (node
// with tsx on main.ts): the (window, application) pairs above the threshold, exactly, on stdout,
// in alarms.json and, with who to call, in notifications.jsonl.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateTraffic } from '@fleetlog/loggen';
import {
  ALARM_PERIOD_SECONDS,
  UNKNOWN_APPLICATION,
  bucketStartMs,
} from '@fleetlog/pipeline-config';
import { FIXED_NOW_MS, makeTempDir, removeDir } from '../__fixtures__/e2e-support';

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
const THRESHOLD = 400;
const MIN = 60_000;
const PERIOD_MS = ALARM_PERIOD_SECONDS * 1000;

describe('replay with --application-threshold', () => {
  let dir: string | undefined;
  let stdout = '';
  let code: number | null = null;
  const counts = new Map<string, number>();

  beforeAll(async () => {
    dir = await makeTempDir('replay-flood');
    const log = join(dir, 'access.log');
    await writeFile(join(dir, 'map.csv'), MAP);
    const start = FIXED_NOW_MS - 60 * MIN;
    const out = createWriteStream(log);
    const parts = [
      // Background: about 250 per bucket in all, every application under the threshold.
      {
        seed: 1,
        count: 3000,
        startMs: start,
        endMs: FIXED_NOW_MS,
        hosts: [
          { host: '10.1.0.1', weight: 3 },
          { host: '10.1.0.2', weight: 2 },
          { host: '10.1.0.3', weight: 1 },
          { host: '203.0.113.5', weight: 1 },
        ],
      },
      // checkout floods one bucket, search another, and an unknown host a third.
      {
        seed: 2,
        count: 600,
        startMs: start + 10 * MIN,
        endMs: start + 15 * MIN - 1,
        hosts: [{ host: '10.1.0.1', weight: 1 }],
      },
      {
        seed: 3,
        count: 700,
        startMs: start + 30 * MIN,
        endMs: start + 35 * MIN - 1,
        hosts: [{ host: '10.1.0.2', weight: 1 }],
      },
      {
        seed: 4,
        count: 900,
        startMs: start + 45 * MIN,
        endMs: start + 50 * MIN - 1,
        hosts: [{ host: '198.51.100.9', weight: 1 }],
      },
    ];
    for (const p of parts) {
      for (const g of generateTraffic({
        ...p,
        lateFraction: 0,
        malformedFraction: 0,
        escapedQuoteFraction: 0,
      })) {
        // By 5-minute period of one-minute buckets: what the alarms sum.
        const period = Math.floor(bucketStartMs(g.epochMs) / PERIOD_MS) * PERIOD_MS;
        const key = `${new Date(period).toISOString()}|${APP[g.host] ?? UNKNOWN_APPLICATION}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
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
        '500',
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    [code] = (await once(child, 'close')) as [number | null];
  }, 120_000);

  afterAll(() => removeDir(dir));

  /** The generator's truth: every (5 minutes, known application) above the threshold. */
  const expectedPairs = () =>
    [...counts]
      .filter(([k, v]) => !k.endsWith(`|${UNKNOWN_APPLICATION}`) && v > THRESHOLD)
      .map(([k]) => k.split('|') as [string, string])
      .sort();

  it('lists exactly the (window, application) pairs above the threshold', async () => {
    expect(code).toBe(0);
    const pairs = expectedPairs();
    expect(pairs.map(([, app]) => app)).toEqual(['checkout', 'search']);
    const file = JSON.parse(await readFile(join(dir ?? '', 'out', 'alarms.json'), 'utf8')) as {
      applicationFlood: {
        threshold: number;
        breaches: { windowStart: string; applicationName: string }[];
      };
    };
    expect(file.applicationFlood.threshold).toBe(THRESHOLD);
    expect(file.applicationFlood.breaches.map((b) => [b.windowStart, b.applicationName])).toEqual(
      pairs,
    );
    const printed = stdout
      .slice(stdout.indexOf('ApplicationFlood (>'), stdout.indexOf('Who to call'))
      .split('\n')
      .filter((l) => /^\s+\d{4}-/.test(l))
      .map((l) => l.trim().split(/\s+/));
    expect(printed.map(([day, time, app]) => [`${day}T${time}:00.000Z`, app])).toEqual(pairs);
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
            topHosts: { host: string }[];
          },
      );
    const alarms = notes.filter((n) => n.state === 'ALARM');
    expect(
      alarms.map((n) => [n.applicationName, n.contact, n.threshold, n.topHosts[0]?.host]),
    ).toEqual([
      ['checkout', 'team-checkout@example.com', THRESHOLD, '10.1.0.1'],
      ['search', 'search-oncall@example.com', THRESHOLD, '10.1.0.2'],
      ['UNKNOWN', null, 500, '198.51.100.9'],
    ]);
    expect(stdout).toContain('→ team-checkout@example.com');
    expect(stdout).toContain('→ search-oncall@example.com');
  });
});
