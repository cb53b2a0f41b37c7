// The real entry point, as `npm start` runs it: node with the tsx loader on main.ts from the workspace root.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateTraffic } from '@fleetlog/loggen';
import { FIXED_NOW_MS, makeTempDir, removeDir } from '../__fixtures__/e2e-support';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = 'tools/local-pipeline/src/main.ts';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm start -- ...args`; `onStderr` may act on the output as it arrives (Ctrl-C). */
function start(
  args: string[],
  onStderr?: (soFar: string, child: ReturnType<typeof spawn>) => void,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      env: { ...plainEnv(), TSX_TSCONFIG_PATH: 'tsconfig.base.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/** This environment without colour settings (Node warns when NO_COLOR and FORCE_COLOR meet). */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['FORCE_COLOR'];
  delete env['NO_COLOR'];
  return env;
}

/** stderr without Node's own warnings (the AWS SDK warns about Node 20). */
function ownLines(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const firstOwn = lines.findIndex(
    (l) => l.startsWith('error:') || l.startsWith('interrupted') || /^\w+: /.test(l),
  );
  return firstOwn < 0
    ? lines
    : lines.slice(firstOwn).filter((l) => !/^\(node:\d+\)|^\(Use `node/.test(l));
}

describe('npm start: the command line', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir('cli');
  });
  afterAll(() => removeDir(dir));

  it('rejects a missing access log with one line and exit code 1, before starting anything', async () => {
    const out = join(dir, 'out-missing');
    const run = await start(['--access-log', join(dir, 'no-such.log'), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `error: cannot read access log ${join(dir, 'no-such.log')}: ENOENT`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a bad reference CSV with one line and exit code 1, and starts no run', async () => {
    const log = join(dir, 'ok.log');
    const csv = join(dir, 'bad.csv');
    await writeFile(
      log,
      '10.0.0.1 - - [17/May/2025:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n',
    );
    await writeFile(csv, 'Host,ApplicationName,Contact\n10.0.0.1,checkout\n"bad\nhost",x,y\n');
    const out = join(dir, 'out-bad-csv');
    const run = await start(['--access-log', log, '--reference-csv', csv, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: invalid reference CSV ${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line 2: `,
      ),
    );
    // No run: the output directory was never created, so no servers and no files.
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad arguments with the usage and exit code 2', async () => {
    const run = await start(['--seed', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --seed must be a decimal integer');
    expect(run.stderr).toContain('Usage:');
  });

  it('replays a log and prints the requests table, the malformed count and the alarms', async () => {
    const log = join(dir, 'small.log');
    const lines = [
      ...generateTraffic({
        seed: 3,
        count: 2_000,
        startMs: FIXED_NOW_MS - 1_800_000,
        endMs: FIXED_NOW_MS,
        hosts: [{ host: '203.0.113.5', weight: 1 }],
        malformedFraction: 0.01,
      }),
    ];
    await writeFile(log, lines.map((g) => `${g.line}\n`).join(''));
    const malformed = lines.filter((g) => g.malformed).length;
    const run = await start(['--access-log', log, '--out', join(dir, 'out-ok')]);
    expect(run.stderr).not.toContain('error:');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Requests per application and 5-minute bucket');
    expect(run.stdout).toMatch(
      new RegExp(`^total\\s+${2_000 - malformed}\\s+${2_000 - malformed}$`, 'm'),
    );
    expect(run.stdout).toContain(`malformed lines (whole run): ${malformed}`);
    // Unknown traffic over its threshold from the start: the alarm's episode, dated, with its delay.
    expect(run.stdout).toMatch(/UnknownSourceRequests \(> 100 in 5 min\): 1 episode\(s\)/);
    expect(run.stdout).toMatch(
      /UNKNOWN: began 2025-05-17 \d\d:\d\d:00, alarm 2025-05-17 \d\d:\d\d:00, notified .* \(\+\dm\d\ds\)/,
    );
    expect(run.stdout).toContain(`2,000 lines (${malformed} malformed)`);
    // Not a terminal: progress comes as plain lines on stderr.
    expect(ownLines(run.stderr)).toContain('replaying: done 2,000 lines');
  });

  it('stops cleanly on Ctrl-C: exit code 130, servers stopped, their files removed, no hang', async () => {
    // A private TMPDIR: s3rver keeps its objects in a temporary folder that stop() removes.
    const tmp = join(dir, 'tmp-interrupted');
    await mkdir(tmp);
    let sent = false;
    const startedAt = Date.now();
    const run = await start(
      ['--out', join(dir, 'out-interrupted')],
      (stderr, child) => {
        if (sent || !stderr.includes('simulating:') || child.pid === undefined) return;
        sent = true;
        // As a terminal's Ctrl-C reaches it: `npm start` runs main.ts in this very process.
        process.kill(child.pid, 'SIGINT');
      },
      { TMPDIR: tmp },
    );
    expect(sent).toBe(true);
    expect(run.stderr).toContain('interrupted: stopping the embedded servers');
    expect(run.code).toBe(130);
    expect(run.stdout).not.toContain('Requests per application');
    // The process ended on its own (a server left listening would keep it alive) and cleaned up.
    expect(Date.now() - startedAt).toBeLessThan(25_000);
    expect((await readdir(tmp)).filter((name) => name.startsWith('fleetlog-s3-'))).toEqual([]);
  }, 30_000);
});
