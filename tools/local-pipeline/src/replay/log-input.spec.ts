// The replay's inputs (ARCHITECTURE.md section 7): every file once, errors naming the resolved
// path, and the same reading rule as `fleetlog parse` (`@fleetlog/log-schema` input): the two
// agree on a 5 MB line, a 2099 date, empty lines, bare-CR records and gzip.
import { spawnSync } from 'node:child_process';
import { link, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { readInput, resolveInputs } from './log-input';
import { replayAccessLog } from './replay';

const ROOT = resolve(__dirname, '../../../..');
const line = (host: string, year = 2015) =>
  `${host} - - [17/May/${year}:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('log-input');
});
afterAll(() => removeDir(dir));

describe('resolveInputs: every file once', () => {
  it('reads a file given twice, matched by two patterns or linked, once, with a note', async () => {
    const logs = join(dir, 'once');
    await mkdir(logs);
    await writeFile(join(logs, 'access.log'), `${line('10.0.0.1')}\n`);
    await writeFile(join(logs, 'access.log.1'), `${line('10.0.0.2')}\n`);
    await symlink(join(logs, 'access.log'), join(logs, 'current.log'));
    await link(join(logs, 'access.log.1'), join(logs, 'hard.log'));
    const notes: string[] = [];
    const inputs = await resolveInputs(
      [
        join(logs, 'access.log'),
        join(logs, 'access.log'),
        join(logs, 'access.log*'),
        join(logs, '*.log'),
        join(logs, 'current.log'),
      ],
      (note) => notes.push(note),
    );
    expect(inputs.map((i) => i.name.slice(logs.length + 1))).toEqual([
      'access.log',
      'access.log.1',
    ]);
    const at = (name: string) => join(logs, name);
    expect(notes).toEqual([
      `note: access log ${at('access.log')} is given more than once; it is read once`,
      `note: access log ${at('access.log')} is given more than once; it is read once`,
      `note: access log ${at('access.log')} is given more than once; it is read once`,
      `note: access log ${at('current.log')} is the same file as ${at('access.log')}; it is read once`,
      `note: access log ${at('hard.log')} is the same file as ${at('access.log.1')}; it is read once`,
      `note: access log ${at('current.log')} is the same file as ${at('access.log')}; it is read once`,
    ]);
  });

  it('names the resolved path of a relative name it cannot read', async () => {
    await expect(resolveInputs(['no-such-dir/missing.log'])).rejects.toThrow(
      `cannot read access log no-such-dir/missing.log (${resolve('no-such-dir/missing.log')}): ENOENT`,
    );
  });
});

describe('readInput', () => {
  it('rewrites bare CR line ends and reads gzip by content', async () => {
    const read = async (bytes: Buffer) => {
      const out: Buffer[] = [];
      for await (const chunk of readInput({ name: '-', size: undefined }, Readable.from([bytes])))
        out.push(Buffer.from(chunk));
      return Buffer.concat(out).toString();
    };
    expect(await read(Buffer.from('a\rb\r\nc'))).toBe('a\nb\r\nc');
    expect(await read(gzipSync('a\rb\r\nc'))).toBe('a\nb\r\nc');
  });
});

/** What `fleetlog parse` (the package's bin) says of `input`: lines, and errors by reason. */
function fleetlogParse(input: Buffer): { lines: number; errors: Record<string, number> } {
  const run = spawnSync(process.execPath, [join(ROOT, 'tools/cli/bin/fleetlog.cjs'), 'parse'], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  const out = run.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { ok: boolean; error?: string });
  const errors: Record<string, number> = {};
  for (const o of out) if (!o.ok) errors[o.error as string] = (errors[o.error as string] ?? 0) + 1;
  return { lines: out.length, errors };
}

describe('the replay and fleetlog parse read the same input the same way', () => {
  const records = Array.from({ length: 100 }, (_, i) => line(`10.0.1.${i + 1}`));
  const text = [
    line('10.0.0.1'),
    '',
    `${line('10.0.0.2').slice(0, -1)}${'x'.repeat(5 * 1024 * 1024)}"`,
    '\r',
    line('10.0.0.3', 2099),
    '',
    records.join('\r'),
    line('10.0.0.4'),
    '',
  ].join('\n');
  const expected = {
    lines: 104,
    errors: { 'line too long': 1, 'timestamp in the future': 1 },
  };

  it.each([
    ['plain', Buffer.from(text)],
    ['gzip', gzipSync(text)],
  ])(
    '%s',
    async (kind, bytes) => {
      const file = join(dir, `agree-${kind}.log`);
      await writeFile(file, bytes);
      const replay = await replayAccessLog({
        accessLogs: [file],
        outDir: join(dir, `out-${kind}`),
        shards: 1,
        logLevel: 'SILENT',
      });
      expect({ lines: replay.lines, errors: replay.malformedReasons }).toEqual(expected);
      expect(fleetlogParse(await readFile(file))).toEqual(expected);
    },
    120_000,
  );
});
