import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLineArchiver, LocalArchiveWriter } from '@fleetlog/archive';
import { generateTraffic, type GeneratedLine } from '@fleetlog/loggen';
import { HostLookup } from '@fleetlog/reference-data';
import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { createQueryCommand } from './query';

const START = Date.UTC(2015, 4, 17, 9, 50);
const END = Date.UTC(2015, 4, 17, 11, 10);
const FROM = '2015-05-17T10:00:00Z';
const TO = '2015-05-17T11:00:00Z';
const CHECKOUT = ['10.0.1.2', '10.0.2.9', '10.0.3.16'];
const lookup = new HostLookup(
  CHECKOUT.map((host) => ({ host, applicationName: 'checkout', contact: 'team@example.com' })),
);

let root: string;
let archive: string;
let lines: GeneratedLine[];
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'fleetlog-query-'));
  archive = join(root, 'archive');
  lines = [
    ...generateTraffic({
      seed: 7,
      count: 20_000,
      startMs: START,
      endMs: END,
      malformedFraction: 0.01,
    }),
  ];
  const archiver = createLineArchiver({ now: () => END });
  const writer = new LocalArchiveWriter(archive);
  await writer.add(lines.map((g) => archiver.line(g.line, lookup, END)));
  await writer.close();
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(['query', ...args], io, [
    createQueryCommand({ env: { INIT_CWD: root } }),
  ]);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

const inRange = (g: GeneratedLine) =>
  g.record !== null && g.epochMs >= Date.parse(FROM) && g.epochMs < Date.parse(TO);

describe('fleetlog query over a local archive', () => {
  it('top-paths --json gives the counts of the log, heaviest first', async () => {
    const { code, stdout, stderr } = await query(
      'top-paths',
      '--application',
      'checkout',
      '--from',
      FROM,
      '--to',
      TO,
      '--archive',
      'archive',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // A junk request has no path: null, as in the archive.
    const counts = new Map<string | null, number>();
    for (const g of lines.filter((l) => inRange(l) && CHECKOUT.includes(l.host))) {
      const path = g.record?.path ?? null;
      counts.set(path, (counts.get(path) ?? 0) + 1);
    }
    const got = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(got.map((r) => [r['path'], r['requestCount']])).toEqual(
      [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] === null ? 1 : b[0] === null || a[0] < b[0] ? -1 : 1))
        .slice(0, 20),
    );
    const sum = (o: unknown) =>
      Object.values(o as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum(got[0]['statusCounts'])).toBeLessThanOrEqual(got[0]['requestCount'] as number);
    expect(Object.keys(got[0])).toEqual([
      'path',
      'requestCount',
      'statusCounts',
      'userAgents',
      'topUserAgent',
    ]);
  });

  it('prints a table with a row count', async () => {
    const { code, stdout } = await query(
      'unknown-hosts',
      '--from',
      FROM,
      '--to',
      TO,
      '--limit',
      '3',
      '--archive',
      archive,
    );
    expect(code).toBe(0);
    const out = stdout.trimEnd().split('\n');
    expect(out[0]).toMatch(/^host\s+request_count\s+first_seen\s+last_seen$/);
    expect(out[1]).toMatch(/^-+\s+-+/);
    expect(out).toHaveLength(6);
    expect(out[5]).toBe('(3 rows)');
  });

  it("runs the user's SQL over the view archive", async () => {
    const { code, stdout } = await query(
      '--sql',
      'SELECT count(*) AS n FROM archive WHERE malformed',
      '--archive',
      archive,
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ n: lines.filter((g) => g.record === null).length });
  });

  it.each([
    [['nope', '--from', FROM, '--to', TO], /^fleetlog query: unknown named query "nope"/],
    [
      ['unknown-hosts', '--from', FROM, '--to', TO, '--host', '10.0.0.1'],
      /^fleetlog query: unknown-hosts takes no --host/,
    ],
    [
      ['host', '--from', FROM, '--to', TO, '--host', 'web-1'],
      /^fleetlog query: --host must be an IPv4 or IPv6 address/,
    ],
    [['--sql', 'SELEC count(*) FROM archive'], /^fleetlog query: .*syntax error/i],
    [['--sql', "COPY (SELECT 1) TO 'x.csv'"], /^fleetlog query: only a SELECT statement may run/],
  ])('%j is one line on stderr and exit 1', async (args, message) => {
    const before = readdirSync(archive, { recursive: true }).sort();
    const { code, stdout, stderr } = await query(...args, '--archive', archive);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(archive, { recursive: true }).sort()).toEqual(before);
  });

  it('says where it looked when there is no archive', async () => {
    const { code, stderr } = await query('unknown-hosts', '--from', FROM, '--to', TO);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `fleetlog query: no archive at ${join(root, 'out/archive')}: a replay or the demo writes one (npm start), or give --archive DIR\n`,
    );
  });

  it('exits 2 with the usage on a malformed command line', async () => {
    const { code, stderr } = await query('host', '--colour', 'red');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^fleetlog: query: unexpected argument "--colour"\nUsage: npm run fleetlog -- query NAME/,
    );
  });
});
