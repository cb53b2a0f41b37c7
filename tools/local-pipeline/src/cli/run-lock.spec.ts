import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, isProcessAlive, OutputLockedError, processStartMs } from './run-lock';

/** A pid that was alive a moment ago and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('acquireRunLock', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetlog-lock-'));
    lockPath = join(dir, 'out.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes this process and its start time, and removes the file on release', async () => {
    const lock = await acquireRunLock(lockPath, new Date('2026-12-06T02:00:00Z'));
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual({
      pid: process.pid,
      startedAt: '2026-12-06T02:00:00.000Z',
      host: hostname(),
    });
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('refuses while a live process holds it, naming the pid', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 1, startedAt: 'T', host: hostname() }));
    await expect(acquireRunLock(lockPath)).rejects.toThrow(OutputLockedError);
    await expect(acquireRunLock(lockPath)).rejects.toThrow(/another run \(pid 1, started T\)/);
  });

  it('refuses a second lock in the same process (the first is live)', async () => {
    const first = await acquireRunLock(lockPath);
    await expect(acquireRunLock(lockPath)).rejects.toThrow(OutputLockedError);
    first.release();
  });

  it('takes over a lock whose pid is gone, and an unreadable one', async () => {
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    await writeFile(lockPath, JSON.stringify({ pid, startedAt: 'T', host: hostname() }));
    const lock = await acquireRunLock(lockPath);
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    lock.release();
    await writeFile(lockPath, '{"pid":');
    (await acquireRunLock(lockPath)).release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('treats a lock from another host as held (its pid means nothing here)', async () => {
    const pid = deadPid();
    await writeFile(lockPath, JSON.stringify({ pid, startedAt: 'T', host: 'elsewhere.invalid' }));
    await expect(acquireRunLock(lockPath)).rejects.toThrow(OutputLockedError);
  });

  it('release leaves a lock that is no longer this run’s', async () => {
    const lock = await acquireRunLock(lockPath);
    await writeFile(lockPath, JSON.stringify({ pid: 1, startedAt: 'T', host: hostname() }));
    lock.release();
    expect(existsSync(lockPath)).toBe(true);
  });

  it('of many takers of one stale lock, exactly one wins', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: deadPid(), startedAt: 'T', host: hostname() }));
    // Same process, so every winner after the first would see a live lock: one succeeds.
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => acquireRunLock(lockPath)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('takes over a lock whose pid now belongs to a process started after it (pid reused)', async () => {
    const started = processStartMs(process.pid);
    if (started === undefined) return; // no /proc here: a live pid is always the owner
    expect(Math.abs(started - Date.now())).toBeLessThan(24 * 3600_000);
    // This process started long after a lock written in 2001: not that run's.
    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, startedAt: '2001-01-01T00:00:00.000Z', host: hostname() }),
    );
    (await acquireRunLock(lockPath)).release();
    // Written after this process started: this process may well be its owner.
    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), host: hostname() }),
    );
    await expect(acquireRunLock(lockPath)).rejects.toThrow(OutputLockedError);
  });
});
