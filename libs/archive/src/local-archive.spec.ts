import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { HostLookup } from '@fleetlog/reference-data';
import { LocalArchive } from './local-archive';

const line = (host: string, hhmm: string) =>
  `${host} - - [17/May/2015:${hhmm}:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`;

describe('LocalArchive', () => {
  it('archives shipper records with the map of the moment, in the local layout', async () => {
    const root = mkdtempSync(join(tmpdir(), 'local-archive-'));
    try {
      const archive = new LocalArchive(root, {
        now: () => Date.UTC(2015, 4, 18),
        fileName: 'part.json.gz',
      });
      const before = new HostLookup([
        { host: '10.0.1.7', applicationName: 'checkout', contact: null },
      ]);
      const after = new HostLookup([
        { host: '10.0.1.7', applicationName: 'search', contact: null },
      ]);
      await archive.addRecord(Buffer.from(line('10.0.1.7', '10:00')), before, 0);
      await archive.addRecord(
        gzipSync(`${line('10.0.1.7', '10:01')}\njunk`),
        after,
        Date.UTC(2015, 4, 17, 10, 2),
      );
      await archive.close();
      expect(archive.lines).toBe(3);
      expect(readdirSync(root, { recursive: true }).sort()).toEqual([
        'dt=2015-05-17',
        'dt=2015-05-17/hour=10',
        'dt=2015-05-17/hour=10/part.json.gz',
      ]);
      const rows = gunzipSync(readFileSync(join(root, 'dt=2015-05-17/hour=10/part.json.gz')))
        .toString()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(rows.map((r) => r['application_name'] ?? r['reason'])).toEqual([
        'checkout',
        'search',
        expect.any(String),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
