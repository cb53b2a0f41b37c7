// One run per output directory: `<out>.lock`, created exclusively (link(2), as O_EXCL), holds the owner's pid and start
// time. A lock whose pid is gone (a run killed with SIGKILL, a machine that lost power) is stale
// and the next run takes it over; a live pid means another run writes there, and this one stops.
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** What `<out>.lock` holds (one JSON line). */
export interface LockOwner {
  pid: number;
  /** ISO time the owning run started. */
  startedAt: string;
  host: string;
}

/** Another live run holds the output directory: main prints one line and exits RUN_LOCKED_EXIT. */
export class OutputLockedError extends Error {
  override readonly name = 'OutputLockedError';
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner,
  ) {
    super(
      `another run (pid ${owner.pid}, started ${owner.startedAt}) is writing to this output ` +
        `directory; wait for it, or pass another --out (lock: ${lockPath})`,
    );
  }
}

/**
 * Exit code of a run refused because another holds its `--out` (EX_TEMPFAIL of sysexits.h: try
 * again later). Distinct from 1 (bad input or failure) so a script can wait and retry.
 */
export const RUN_LOCKED_EXIT = 75;

/** How many times a stale lock may be taken over before giving up (other runs racing for it). */
const TAKEOVER_ATTEMPTS = 5;

/** Whether `pid` names a live process on this machine (EPERM: alive, someone else's). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number') return undefined;
    return {
      pid: value.pid,
      startedAt: String(value.startedAt ?? '?'),
      host: String(value.host ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux whatever the kernel's HZ). */
const USER_HZ = 100;
/** Slack for the tick rounding of a process's start time. */
const START_SLACK_MS = 2_000;

/**
 * When process `pid` started, epoch ms, from /proc (Linux); undefined elsewhere or if unreadable.
 * Field 22 of /proc/<pid>/stat is its start in ticks after boot; /proc/stat's btime is the boot.
 */
export function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (boot === null || !Number.isFinite(ticks)) return undefined;
    return Number(boot[1]) * 1000 + (ticks * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/**
 * Whether the owner in a lock file still runs. A lock from another host is taken as live. A live
 * pid whose process started after the lock was written is another process that got the dead
 * run's pid back (Linux, where /proc says when a process started).
 */
function isLive(owner: LockOwner | undefined): owner is LockOwner {
  if (owner === undefined) return false; // unreadable or half-written by a run that died
  if (owner.host !== '' && owner.host !== hostname()) return true;
  if (!isProcessAlive(owner.pid)) return false;
  const lockedAt = Date.parse(owner.startedAt);
  const started = processStartMs(owner.pid);
  return !(started !== undefined && lockedAt > 0 && started > lockedAt + START_SLACK_MS);
}

/** A held lock; `release` removes the file if it is still this run's. */
export interface RunLock {
  path: string;
  release(): void;
}

/**
 * Takes `lockPath` for this process or throws OutputLockedError. A stale lock is first renamed
 * aside (atomic) and checked to be the one judged stale, so two runs taking over the same stale
 * lock cannot both win; the loser sees the winner's lock on its next attempt.
 */
export async function acquireRunLock(lockPath: string, now = new Date()): Promise<RunLock> {
  const mine: LockOwner = { pid: process.pid, startedAt: now.toISOString(), host: hostname() };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
    // Written whole beside it, then linked into place: link(2) fails with EEXIST like O_EXCL,
    // and nobody ever reads a lock half-written.
    const draft = `${lockPath}.${process.pid}-${randomUUID()}.tmp`;
    await writeFile(draft, text, { flag: 'w' });
    try {
      await link(draft, lockPath);
      return { path: lockPath, release: () => releaseIfMine(lockPath, text) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(draft).catch(() => undefined);
    }
    const seen = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // removed meanwhile: try again
    const owner = parseOwner(seen);
    if (isLive(owner)) throw new OutputLockedError(lockPath, owner);
    const aside = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
    try {
      await rename(lockPath, aside);
    } catch {
      continue; // another run took it over first
    }
    const moved = await readFile(aside, 'utf8').catch(() => undefined);
    if (moved !== seen) {
      // Between reading and renaming, another run took the stale lock over: put its lock back.
      await rename(aside, lockPath).catch(() => undefined);
      continue;
    }
    await unlink(aside).catch(() => undefined);
  }
  const owner = parseOwner((await readFile(lockPath, 'utf8').catch(() => '')) ?? '');
  throw new OutputLockedError(lockPath, owner ?? { pid: 0, startedAt: '?', host: '' });
}

/** Synchronous so it also runs from process 'exit' (a second Ctrl-C ends the process at once). */
function releaseIfMine(lockPath: string, text: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === text) unlinkSync(lockPath);
  } catch {
    // already gone
  }
}
