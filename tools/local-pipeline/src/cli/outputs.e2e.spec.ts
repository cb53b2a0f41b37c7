// Outputs are atomic and owned (issue 23): through the real entry point (node + tsx on main.ts),
// a failed, interrupted or refused run leaves the previous run's outputs as they were.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { spawnMain, type MainRun } from '../__fixtures__/spawn-main';

const OUTPUTS = [
  'aggregates.jsonl',
  'metrics.jsonl',
  'alarms.json',
  'notifications.jsonl',
  'HostApplicationMap.csv',
  'dashboard.html',
];

type Run = MainRun;

const start = (args: string[], onStart?: (child: ChildProcess) => void): Promise<Run> =>
  spawnMain(args, { onStart });

/** stderr's own lines, without progress and Node's warnings. */
function messages(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^(error|partial outputs|interrupted)/.test(l));
}

const LINE = (i: number, host = `203.0.113.${i % 200}`) =>
  `${host} - - [17/May/2015:10:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:00 +0000] "GET /${i} HTTP/1.1" 200 5 "-" "curl/8"`;

function log(count: number, host?: string): string {
  return `${Array.from({ length: count }, (_, i) => LINE(i, host)).join('\n')}\n`;
}

async function snapshot(out: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of OUTPUTS) files[name] = await readFile(join(out, name), 'utf8');
  return files;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('npm start: outputs are atomic and owned', () => {
  let dir: string;
  let big: string;
  beforeAll(async () => {
    dir = await makeTempDir('outputs');
    big = join(dir, 'big.log');
    // Long enough (some seconds) that a second run or a signal meets it running.
    await writeFile(big, log(60_000, '198.51.100.7'));
  });
  afterAll(() => removeDir(dir));

  /** `--out` holding a good run's outputs (one host, 10.9.9.9, so they are recognisable). */
  async function goodRun(name: string): Promise<{ out: string; before: Record<string, string> }> {
    const good = join(dir, `${name}.log`);
    await writeFile(good, log(300, '10.9.9.9'));
    const out = join(dir, name);
    const run = await start(['--access-log', good, '--out', out]);
    expect(run.code).toBe(0);
    const before = await snapshot(out);
    expect(before['aggregates.jsonl']).toContain('10.9.9.9');
    return { out, before };
  }

  it('a failed run (truncated .gz) leaves the previous outputs untouched and says where its own are', async () => {
    const { out, before } = await goodRun('out-failed');
    const gz = gzipSync(log(20_000));
    const truncated = join(dir, 'truncated.log.gz');
    await writeFile(truncated, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const run = await start(['--access-log', truncated, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = messages(run.stderr);
    expect(lines[0]).toMatch(/^error: .*truncated\.log\.gz/);
    expect(await snapshot(out)).toEqual(before);
    // Whatever it wrote is kept aside, named in one line, never mixed into --out.
    if (lines.length > 1) {
      expect(lines[1]).toBe(
        `partial outputs of this run: ${out}.partial (${out} keeps the previous run's outputs)`,
      );
      expect(existsSync(`${out}.partial`)).toBe(true);
    }
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(existsSync(`${out}.lock`)).toBe(false);
    expect((await readdir(dir)).filter((n) => n.startsWith('out-failed.run-'))).toEqual([]);
  }, 90_000);

  it('refuses a second run on the same --out while the first holds it (one line, exit 75)', async () => {
    const { out } = await goodRun('out-busy');
    let first!: ChildProcess;
    const firstRun = start(['--access-log', big, '--out', out], (c) => (first = c));
    await waitFor(() => existsSync(`${out}.lock`), 'the first run to take the lock');
    const owner = JSON.parse(await readFile(`${out}.lock`, 'utf8')) as { pid: number };
    expect(owner.pid).toBe(first.pid);
    // Frozen while it holds the lock, so the second run surely meets it running.
    process.kill(owner.pid, 'SIGSTOP');
    let second: Run;
    try {
      second = await start(['--access-log', big, '--out', out]);
    } finally {
      process.kill(owner.pid, 'SIGCONT');
    }
    expect(second.code).toBe(75);
    expect(second.stdout).toBe('');
    expect(messages(second.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: another run \\(pid ${owner.pid}, started \\S+\\) is writing to this output directory; .*lock: .*out-busy\\.lock\\)$`,
        ),
      ),
    ]);
    const done = await firstRun;
    expect(done.code).toBe(0);
    // The outputs are the first run's alone: 60,000 requests from its one host, none mixed in.
    const aggregates = await readFile(join(out, 'aggregates.jsonl'), 'utf8');
    expect(aggregates).toContain('198.51.100.7');
    expect(aggregates).not.toContain('10.9.9.9');
    expect(done.stdout).toMatch(/^total\s+60000\s+60000$/m);
    expect(existsSync(`${out}.lock`)).toBe(false);
  }, 120_000);

  it('takes over a lock left by a run that died (its pid is gone)', async () => {
    const { out } = await goodRun('out-stale');
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid;
    await new Promise((r) => dead.on('close', r));
    await writeFile(
      `${out}.lock`,
      `${JSON.stringify({ pid: deadPid, startedAt: '2026-01-01T00:00:00.000Z', host: hostname() })}\n`,
    );
    const good = join(dir, 'stale.log');
    await writeFile(good, log(100, '10.8.8.8'));
    const run = await start(['--access-log', good, '--out', out]);
    expect(messages(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(await readFile(join(out, 'aggregates.jsonl'), 'utf8')).toContain('10.8.8.8');
    expect(existsSync(`${out}.lock`)).toBe(false);
  }, 90_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during a run leaves the previous outputs and exits %d',
    async (signal, code) => {
      const { out, before } = await goodRun(`out-${signal}`);
      let sent = false;
      const run = await start(['--access-log', big, '--out', out], (child) => {
        child.stderr?.on('data', (c: Buffer) => {
          if (sent || !c.toString().includes('replaying:') || child.pid === undefined) return;
          sent = true;
          process.kill(child.pid, signal);
        });
      });
      expect(sent).toBe(true);
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(await snapshot(out)).toEqual(before);
      const lines = messages(run.stderr);
      expect(lines[0]).toMatch(/^interrupted/);
      for (const line of lines.slice(1)) expect(line).toMatch(/^partial outputs of this run: /);
      expect(existsSync(`${out}.lock`)).toBe(false);
    },
    90_000,
  );

  it('exits 1 when no line parsed, naming the format and a sample line, and keeps --out', async () => {
    const { out, before } = await goodRun('out-nothing');
    const wrong = join(dir, 'wrong.log');
    await writeFile(wrong, '{"not":"an access log"}\n'.repeat(5));
    const run = await start(['--access-log', wrong, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = messages(run.stderr);
    expect(lines[0]).toBe(
      'error: none of the 5 lines parsed as log format combined (is --log-format right?); ' +
        `commonest problem: ${lines[0].split('commonest problem: ')[1]?.split(';')[0]}; ` +
        `first line of ${wrong}: "{\\"not\\":\\"an access log\\"}"`,
    );
    expect(lines[0]).toMatch(/commonest problem: \S/);
    expect(await snapshot(out)).toEqual(before);
  }, 90_000);
});
