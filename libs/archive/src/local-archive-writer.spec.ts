import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  archivedMalformed,
  archiveJsonLine,
  type ArchivedRequest,
  type ArchiveRecord,
} from './archive-record';
import { LocalArchiveWriter } from './local-archive-writer';

const request = (epochMs: number, path: string): ArchivedRequest => ({
  malformed: false,
  time: new Date(epochMs).toISOString(),
  epoch_ms: epochMs,
  host: '10.0.1.7',
  application_name: 'checkout',
  contact: null,
  ident: null,
  auth_user: null,
  request: `GET ${path} HTTP/1.1`,
  method: 'GET',
  path,
  protocol: 'HTTP/1.1',
  status: 200,
  bytes: 1,
  referer: null,
  user_agent: null,
});

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

const read = (path: string): ArchiveRecord[] =>
  gunzipSync(readFileSync(path))
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as ArchiveRecord);

describe('LocalArchiveWriter', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'archive-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes each line into the hour of its own event time, malformed ones by arrival', async () => {
    const writer = new LocalArchiveWriter(root, { fileName: 'part-a.json.gz', chunkChars: 10 });
    const late = request(Date.UTC(2015, 4, 17, 9, 59, 59, 999), '/a');
    const onTime = request(Date.UTC(2015, 4, 17, 10, 0), '/b');
    const bad = archivedMalformed('junk', 'why', Date.UTC(2015, 4, 18, 0, 1));
    await writer.add([onTime, late, bad]);
    await writer.add([request(Date.UTC(2015, 4, 17, 10, 30), '/c')]);
    await writer.close();

    expect(files(root)).toEqual([
      'dt=2015-05-17/hour=09/part-a.json.gz',
      'dt=2015-05-17/hour=10/part-a.json.gz',
      'dt=2015-05-18/hour=00/part-a.json.gz',
    ]);
    expect(read(join(root, 'dt=2015-05-17/hour=09/part-a.json.gz'))).toEqual([late]);
    expect(
      read(join(root, 'dt=2015-05-17/hour=10/part-a.json.gz')).map((r) => !r.malformed && r.path),
    ).toEqual(['/b', '/c']);
    expect(read(join(root, 'dt=2015-05-18/hour=00/part-a.json.gz'))).toEqual([bad]);
    expect(writer.written).toBe(4);
  });

  it('never overwrites a file already in the archive', async () => {
    mkdirSync(join(root, 'dt=2015-05-17/hour=10'), { recursive: true });
    writeFileSync(join(root, 'dt=2015-05-17/hour=10/part-a.json.gz'), 'kept');
    const writer = new LocalArchiveWriter(root, { fileName: 'part-a.json.gz' });
    await writer.add([request(Date.UTC(2015, 4, 17, 10, 0), '/b')]);
    await expect(writer.close()).rejects.toThrow(/EEXIST/);
    expect(readFileSync(join(root, 'dt=2015-05-17/hour=10/part-a.json.gz'), 'utf8')).toBe('kept');
  });

  it('writes transformed Firehose records where their partition keys say, as Firehose does', async () => {
    const writer = new LocalArchiveWriter(root, { fileName: 'part-f.json.gz' });
    const early = request(Date.UTC(2015, 4, 17, 9, 59), '/a');
    const late = request(Date.UTC(2015, 4, 17, 10, 0, 30), '/b');
    const data = Buffer.from(archiveJsonLine(early) + archiveJsonLine(late)).toString('base64');
    await writer.addTransformed([
      {
        recordId: '1',
        result: 'Ok',
        data,
        metadata: { partitionKeys: { dt: '2015-05-17', hour: '09' } },
      },
      { recordId: '2', result: 'Dropped' },
    ]);
    await writer.close();
    expect(files(root)).toEqual(['dt=2015-05-17/hour=09/part-f.json.gz']);
    expect(read(join(root, 'dt=2015-05-17/hour=09/part-f.json.gz'))).toEqual([early, late]);
    expect(writer.written).toBe(2);
    await expect(
      new LocalArchiveWriter(root).addTransformed([{ recordId: '3', result: 'ProcessingFailed' }]),
    ).rejects.toThrow(/record 3 is ProcessingFailed/);
  });
});
