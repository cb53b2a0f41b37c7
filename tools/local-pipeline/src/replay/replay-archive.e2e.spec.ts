// `--archive`: the replay writes every line to <out>/archive/, attributed with the map, and the
// drill-down of a window over it counts exactly the log's requests of that application.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { drillDownOf, renderDuckDbNamedQuery, runDuckDbArchiveSql } from '@fleetlog/analytics-sql';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { ARCHIVE_DIR } from '../report/run-outputs';
import { replayAccessLog } from './replay';

const line = (host: string, minute: number, path: string) =>
  `${host} - - [17/May/2025:10:${String(minute).padStart(2, '0')}:07 +0000] "GET ${path} HTTP/1.1" 200 5 "-" "curl/8"`;

describe('replay --archive', () => {
  let dir: string | undefined;
  afterAll(() => removeDir(dir));

  it('archives every line; top-paths of a window counts the log’s requests of it', async () => {
    dir = await makeTempDir('replay-archive');
    const lines: string[] = [];
    for (let m = 0; m < 12; m++) {
      for (let k = 0; k < 3; k++) lines.push(line('10.1.0.1', m, `/p${k}`));
      lines.push(line('203.0.113.5', m, '/x'));
    }
    lines.push('not a log line');
    await writeFile(join(dir, 'access.log'), `${lines.join('\n')}\n`);
    await writeFile(join(dir, 'map.csv'), 'Host,ApplicationName,Contact\n10.1.0.1,checkout,\n');
    const summary = await replayAccessLog({
      accessLogs: [join(dir, 'access.log')],
      referenceCsv: join(dir, 'map.csv'),
      outDir: join(dir, 'out'),
      archive: true,
    });
    expect(summary.lines).toBe(lines.length);
    const archive = join(summary.files.dir, ARCHIVE_DIR);
    const window = {
      windowStart: '2025-05-17T10:05:00.000Z',
      windowEnd: '2025-05-17T10:10:00.000Z',
    };
    for (const [applicationName, expected] of [
      ['checkout', 15],
      ['UNKNOWN', 5],
    ] as const) {
      const drill = drillDownOf({ applicationName, ...window });
      if (drill === null) throw new Error('no drill-down');
      const { rows } = await runDuckDbArchiveSql(
        renderDuckDbNamedQuery(drill.query, archive),
        archive,
      );
      expect(rows.reduce((n, r) => n + Number(r['request_count']), 0)).toBe(expected);
    }
  }, 60_000);
});
