// The run-wide heaviest unknown callers are exact (issue 23): a steady caller that is never in a
// one-minute bucket's top 10 is still the 2nd heaviest over the run, in the summary and on the
// dashboard, each labelled with its scope.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { spawnMain } from '../__fixtures__/spawn-main';

const start = (args: string[]) => spawnMain(args);

const line = (host: string, minute: number) =>
  `${host} - - [17/May/2025:10:${String(minute).padStart(2, '0')}:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;

describe('npm start -- --access-log: heaviest unknown sources over the whole run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('heaviest');
  });
  afterAll(() => removeDir(dir));

  it('lists a steady caller never in a minute’s top 10 as the 2nd heaviest, exact and labelled', async () => {
    const lines: string[] = [];
    for (let m = 0; m < 30; m++) {
      // Each minute: ten callers of that minute only with 5 requests each, the steady one with 3.
      for (let k = 0; k < 10; k++)
        for (let r = 0; r < 5; r++) lines.push(line(`198.51.${m}.${k}`, m));
      for (let r = 0; r < 3; r++) lines.push(line('203.0.113.99', m));
      // A known host, which is never an unknown source.
      lines.push(line('10.0.0.1', m));
    }
    for (let r = 0; r < 200; r++) lines.push(line('203.0.113.1', 7));
    const log = join(dir, 'steady.log');
    const csv = join(dir, 'map.csv');
    await writeFile(log, `${lines.join('\n')}\n`);
    await writeFile(csv, 'Host,ApplicationName,Contact\n10.0.0.1,checkout,team@example.com\n');
    const out = join(dir, 'out');
    const run = await start(['--access-log', log, '--reference-csv', csv, '--out', out]);
    expect(run.code).toBe(0);

    // The aggregates' per-minute top 10s never hold the steady caller: only a run-wide count can.
    const aggregates = await readFile(join(out, 'aggregates.jsonl'), 'utf8');
    expect(aggregates).not.toContain('203.0.113.99');

    expect(run.stdout).toContain(
      'Heaviest unknown sources (whole run, exact counts): 203.0.113.1 (200), 203.0.113.99 (90), ',
    );
    expect(run.stdout).toContain('(each row one 5-minute window, total the whole run)');

    const html = await readFile(join(out, 'dashboard.html'), 'utf8');
    const json = /<script type="application\/json" id="fleetlog-data">(.*?)<\/script>/s.exec(html);
    const data = JSON.parse(json?.[1] ?? '{}') as {
      unknownTopHosts: { host: string; requestCount: number }[];
      unknownTopHostsScope: string;
    };
    expect(data.unknownTopHosts.slice(0, 2)).toEqual([
      { host: '203.0.113.1', requestCount: 200 },
      { host: '203.0.113.99', requestCount: 90 },
    ]);
    expect(data.unknownTopHosts).toHaveLength(10);
    expect(data.unknownTopHostsScope).toBe('whole run, exact counts');
    expect(html).toContain('heaviest client IPs over the whole run');
  }, 90_000);
});
