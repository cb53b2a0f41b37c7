// `npm start -- --access-log ...` as people run it: the real entry point (node + tsx on main.ts).
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { spawnMain } from '../__fixtures__/spawn-main';

const ROOT = resolve(__dirname, '../../../..');

const start = (args: string[], stdin?: Buffer) => spawnMain(args, { stdin });

/** stderr without Node's own warnings. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('error:'));
}

const LINE = (i: number) =>
  `203.0.113.${i % 250} - - [17/May/2015:10:${String(i % 60).padStart(2, '0')}:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;

describe('npm start -- --access-log: the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('replay-cli');
  });
  afterAll(() => removeDir(dir));

  it('counts a 3 MB line as malformed (line too long) and goes on, exit 0', async () => {
    const lines = Array.from({ length: 1_000 }, (_, i) => LINE(i));
    lines.splice(500, 0, `${LINE(0)} ${'x'.repeat(3 * 1024 * 1024)}`);
    await writeFile(join(dir, 'long.log'), `${lines.join('\n')}\n`);
    const run = await start([
      '--access-log',
      join(dir, 'long.log'),
      '--out',
      join(dir, 'out-long'),
    ]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('line too long: 1');
    expect(run.stdout).toContain('1,001 lines (1 malformed)');
    expect(run.stdout).toMatch(/^total\s+1000\s+1000$/m);
  }, 60_000);

  it('runs the same from the npm start launcher (a cached bundle of main.ts)', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => LINE(i));
    await writeFile(join(dir, 'small.log'), `${lines.join('\n')}\n`);
    const run = await new Promise<{ code: number | null; stdout: string }>((done, reject) => {
      const child = spawn(
        process.execPath,
        [
          'tools/local-pipeline/bin/start.cjs',
          '--access-log',
          join(dir, 'small.log'),
          '--out',
          join(dir, 'out-launcher'),
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => done({ code, stdout }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/small\.log\s+200 lines, 0 malformed/);
    expect(run.stdout).toMatch(/^total\s+200\s+200$/m);
  }, 120_000);

  it('reads standard input given as -, gzip-compressed', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => LINE(i));
    const run = await start(
      ['--access-log', '-', '--out', join(dir, 'out-stdin')],
      gzipSync(`${lines.join('\n')}\n`),
    );
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(standard input\)\s+300 lines, 0 malformed/);
  }, 60_000);

  it('refuses --out on a file with one line and exit 1', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    await writeFile(join(dir, 'ok.log'), `${LINE(1)}\n`);
    const run = await start(['--access-log', join(dir, 'ok.log'), '--out', join(dir, 'a-file')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(errorLines(run.stderr)).toEqual([
      `error: cannot write output directory ${join(dir, 'a-file')}: a file is in the way, not a directory (ENOTDIR)`,
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('does not hang on --out /proc/x: one line, exit 1', async () => {
    await writeFile(join(dir, 'ok.log'), `${LINE(1)}\n`);
    const run = await start(['--access-log', join(dir, 'ok.log'), '--out', '/proc/fleetlog-x']);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toHaveLength(1);
    expect(errorLines(run.stderr)[0]).toMatch(
      /^error: cannot write output directory \/proc\/fleetlog-x: /,
    );
  }, 30_000);
});
