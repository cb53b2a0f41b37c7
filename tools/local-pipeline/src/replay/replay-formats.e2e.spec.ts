// `npm start -- --access-log F --log-format ... --trusted-proxies ...` end to end (issue 12):
// requests behind a balancer are credited to the caller behind it, a vhost log replays exactly
// with vhost_combined, and the same vhost lines are counted malformed under the strict default.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLogTimestamp } from '@fleetlog/log-schema';
import { bucketStartMs } from '@fleetlog/pipeline-config';
import { parseCommand, UsageError } from '../cli/args';
import {
  FIXED_NOW_MS,
  makeTempDir,
  removeDir,
  sorted,
  sumAggregatesFile,
} from '../__fixtures__/e2e-support';
import { replayAccessLog } from './replay';

const REFERENCE_CSV = [
  'Host,ApplicationName,Contact',
  '203.0.113.7,checkout,team-checkout@example.com',
  '198.51.100.0/24,partner-api,partners@example.com',
  '2001:db8:aa::/48,search,',
  '',
].join('\n');

/** Callers behind the balancer, with their application and share of the requests. */
const CALLERS = [
  { xff: '203.0.113.7', app: 'checkout' },
  { xff: '198.51.100.20:40112', app: 'partner-api' },
  { xff: '[2001:db8:aa::9]:443', app: 'search' },
  // The caller wrote its own X-Forwarded-For: the balancer appended the real address.
  { xff: '203.0.113.7, 192.0.2.66', app: 'UNKNOWN' },
  { xff: 'unknown', app: 'UNKNOWN' },
];
const LINES = 600;
const START_MS = FIXED_NOW_MS - 3_600_000;

function request(i: number, host: string): string {
  const at = START_MS + i * 5_000;
  return `${host} - - [${formatLogTimestamp(at)}] "GET /api/${i} HTTP/1.1" 200 ${100 + i} "-" "client/1.0"`;
}

describe('replay with log formats and trusted proxies', () => {
  let dir = '';
  let csvPath: string;

  beforeAll(async () => {
    dir = await makeTempDir('replay-formats');
    csvPath = join(dir, 'HostApplicationMap.csv');
    await writeFile(csvPath, REFERENCE_CSV);
  });

  afterAll(() => removeDir(dir || undefined));

  it('credits each request behind a balancer to the caller behind it (combined_xff)', async () => {
    const logPath = join(dir, 'alb.log');
    const expected = new Map<string, number>();
    const lines: string[] = [];
    for (let i = 0; i < LINES; i++) {
      const caller = CALLERS[i % CALLERS.length];
      // The balancer's nodes: every %h is inside the trusted range.
      lines.push(`${request(i, `10.0.${i % 3}.${10 + (i % 7)}`)} "${caller.xff}"`);
      const key = `${new Date(bucketStartMs(START_MS + i * 5_000)).toISOString()}|${caller.app}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    await writeFile(logPath, `${lines.join('\n')}\n`);
    const command = parseCommand([
      '--access-log',
      logPath,
      '--reference-csv',
      csvPath,
      '--out',
      join(dir, 'out-alb'),
      '--log-format',
      'combined_xff',
      '--trusted-proxies',
      '10.0.0.0/8',
    ]);
    if (command.kind !== 'replay') throw new Error('expected a replay command');
    const summary = await replayAccessLog({ ...command, logLevel: 'SILENT' });
    const sums = await sumAggregatesFile(summary.files.aggregates);
    expect(sorted(sums.requests)).toEqual(sorted(expected));
    expect(sums.malformedLines).toBe(0);
    // The unknown callers are named by their own addresses, never the balancer's.
    const unknownHosts = new Set<string>();
    for (const [key, hosts] of sums.topHosts) {
      if (key.endsWith('|UNKNOWN')) for (const host of hosts.keys()) unknownHosts.add(host);
    }
    // `unknown` in X-Forwarded-For leaves the last address reached (the balancer's), as nginx does.
    expect([...unknownHosts].some((h) => h.startsWith('10.0.'))).toBe(true);
    expect(unknownHosts.has('192.0.2.66')).toBe(true);
    expect(unknownHosts.has('203.0.113.7')).toBe(false);
  }, 120_000);

  describe('a vhost log', () => {
    let logPath: string;
    const expected = new Map<string, number>();

    beforeAll(async () => {
      logPath = join(dir, 'other_vhosts_access.log');
      const lines: string[] = [];
      for (let i = 0; i < LINES; i++) {
        const host = i % 2 === 0 ? '203.0.113.7' : '198.51.100.3';
        const app = i % 2 === 0 ? 'checkout' : 'partner-api';
        lines.push(`shop.example.com:443 ${request(i, host)}`);
        const key = `${new Date(bucketStartMs(START_MS + i * 5_000)).toISOString()}|${app}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      // A BOM at the start of the file, as some editors write.
      await writeFile(logPath, `\uFEFF${lines.join('\n')}\n`);
    });

    it('replays exactly with --log-format vhost_combined', async () => {
      const summary = await replayAccessLog({
        accessLogs: [logPath],
        referenceCsv: csvPath,
        outDir: join(dir, 'out-vhost'),
        logFormat: 'vhost_combined',
      });
      const sums = await sumAggregatesFile(summary.files.aggregates);
      expect(sorted(sums.requests)).toEqual(sorted(expected));
      expect(sums.malformedLines).toBe(0);
    }, 120_000);

    it('counts every prefixed line malformed under the default combined format', async () => {
      const summary = await replayAccessLog({
        accessLogs: [logPath],
        referenceCsv: csvPath,
        outDir: join(dir, 'out-strict'),
      });
      const sums = await sumAggregatesFile(summary.files.aggregates);
      expect(sums.requests.size).toBe(0);
      expect(sums.malformedLines).toBe(LINES);
      expect(summary.totals.malformedLines).toBe(LINES);
    }, 120_000);
  });
});

describe('--log-format / --trusted-proxies arguments', () => {
  it('are read for a replay', () => {
    expect(
      parseCommand([
        '--access-log',
        'a.log',
        '--log-format',
        'combined_xff',
        '--trusted-proxies',
        '10.0.0.0/8, fd00::/8',
      ]),
    ).toMatchObject({
      kind: 'replay',
      logFormat: 'combined_xff',
      trustedProxies: ['10.0.0.0/8', 'fd00::/8'],
    });
  });

  it('are usage errors when bad, with the position of the problem', () => {
    expect(() => parseCommand(['--access-log', 'a.log', '--log-format', '%h %t %Z'])).toThrow(
      new UsageError('log format: unknown directive %Z at column 7'),
    );
    expect(() =>
      parseCommand(['--access-log', 'a.log', '--trusted-proxies', '10.0.0.0/8']),
    ).toThrow(/trusted proxies need a log format with an X-Forwarded-For field/);
    expect(() => parseCommand(['--log-format', 'common'])).toThrow(
      '--log-format and --trusted-proxies need --access-log',
    );
  });
});
