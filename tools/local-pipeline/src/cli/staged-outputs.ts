// A run's outputs are written into `<out>.run-<pid>` beside `--out` (same file system, so the
// moves are renames) and replace the previous outputs only when the run succeeds. A failed or
// interrupted run leaves `<out>` as it was and keeps what it wrote in `<out>.partial`.
import { lstat, readdir, realpath, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { makeDirectory, outputDirError } from './output-dir';
import { acquireRunLock, type RunLock } from './run-lock';

/** The file moved last on success: the page a user reloads sees the new data files already. */
const MOVED_LAST = 'dashboard.html';

export interface StagedOutputs {
  /** `--out`, absolute (symbolic links resolved). */
  finalDir: string;
  /** Where the run writes: `<out>.run-<pid>` (or `<out>/.fleetlog.run-<pid>`). */
  stagingDir: string;
  /** `<out>.partial` (or `<out>/.fleetlog.partial`): where a failed run's outputs are kept. */
  partialDir: string;
  lock: RunLock;
}

/** Errors that mean "no writing beside `--out`" (its parent is not ours), not "no writing at all". */
const NOT_BESIDE = new Set(['EACCES', 'EPERM', 'EROFS']);

/** Inside `--out`, the prefix of the lock, staging and partial names when its parent is not writable. */
const INSIDE_PREFIX = '.fleetlog';

/**
 * Takes `<out>.lock` (OutputLockedError when another live run holds it) and creates the staging
 * directory. When the parent of an existing `--out` is not writable (`--out .` in a home
 * directory), both go inside it instead: `<out>/.fleetlog.lock`, `<out>/.fleetlog.run-<pid>`.
 * Errors about the place itself are one-line InputErrors naming `--out`.
 */
export async function stageOutputs(outDir: string): Promise<StagedOutputs> {
  const requested = resolve(outDir);
  let finalDir: string;
  try {
    finalDir = await realOutDir(requested);
    await makeDirectory(dirname(finalDir));
  } catch (error) {
    throw outputDirError(requested, error);
  }
  let base = finalDir;
  let lock: RunLock;
  try {
    try {
      lock = await acquireRunLock(`${base}.lock`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined || !NOT_BESIDE.has(code) || !(await isDirectory(finalDir)))
        throw error;
      base = join(finalDir, INSIDE_PREFIX);
      lock = await acquireRunLock(`${base}.lock`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error; // locked
    throw outputDirError(requested, error);
  }
  const stagingDir = `${base}.run-${process.pid}`;
  try {
    await removeDeadRunsStaging(base);
    await rm(stagingDir, { recursive: true, force: true });
    await makeDirectory(stagingDir);
  } catch (error) {
    lock.release();
    throw outputDirError(requested, error);
  }
  return { finalDir, stagingDir, partialDir: `${base}.partial`, lock };
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** `--out` with its symbolic links resolved; an existing non-directory is refused (ENOTDIR). */
async function realOutDir(requested: string): Promise<string> {
  try {
    const real = await realpath(requested);
    if (!(await stat(real)).isDirectory()) {
      throw Object.assign(new Error(`${requested} is not a directory`), { code: 'ENOTDIR' });
    }
    return real;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    try {
      return join(await realpath(dirname(requested)), basename(requested));
    } catch {
      return requested; // the parent does not exist yet either
    }
  }
}

/**
 * Staging directories of runs killed outright (SIGKILL, power loss). Called with the lock held,
 * so any other `<base>.run-<pid>` belongs to a run that is gone.
 */
async function removeDeadRunsStaging(base: string): Promise<void> {
  const prefix = `${basename(base)}.run-`;
  const siblings = await readdir(dirname(base));
  for (const name of siblings) {
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length))) continue;
    await rm(join(dirname(base), name), { recursive: true, force: true });
  }
}

/**
 * Success: moves each output into `<out>` (one rename per file, so a reader never sees half a
 * file, and a file a user has open keeps its old contents; a directory such as `archive/` replaces
 * the previous one whole), removes the staging directory and releases the lock. Files of `<out>`
 * this run did not write stay, except the names in `obsolete` (outputs of an earlier run that
 * would not match this one's, e.g. an `archive/` when this run wrote none).
 */
export async function commitOutputs(
  staged: StagedOutputs,
  obsolete: readonly string[] = [],
): Promise<void> {
  try {
    await makeDirectory(staged.finalDir);
    const names = (await readdir(staged.stagingDir)).sort(
      (a, b) => Number(a === MOVED_LAST) - Number(b === MOVED_LAST) || (a < b ? -1 : 1),
    );
    for (const name of names) {
      const target = join(staged.finalDir, name);
      if (await isDirectory(target)) {
        // rename() does not replace a non-empty directory: the old one is moved aside first.
        const aside = join(staged.stagingDir, `${name}.previous`);
        await rename(target, aside);
        await rename(join(staged.stagingDir, name), target);
        await rm(aside, { recursive: true, force: true });
      } else {
        await rename(join(staged.stagingDir, name), target);
      }
    }
    for (const name of obsolete) {
      if (!names.includes(name))
        await rm(join(staged.finalDir, name), { recursive: true, force: true });
    }
    await rmdir(staged.stagingDir);
  } catch (error) {
    throw outputDirError(staged.finalDir, error);
  } finally {
    staged.lock.release();
  }
}

/**
 * Failure or interruption: `<out>` is left as it was. What the run wrote, if anything, moves to
 * `<out>.partial` (replacing an older one); returns that path, or undefined when nothing was kept.
 */
export async function abandonOutputs(staged: StagedOutputs): Promise<string | undefined> {
  try {
    if (!(await wroteAnything(staged.stagingDir))) {
      await rm(staged.stagingDir, { recursive: true, force: true });
      return undefined;
    }
    await rm(staged.partialDir, { recursive: true, force: true });
    await rename(staged.stagingDir, staged.partialDir);
    return staged.partialDir;
  } catch {
    return staged.stagingDir; // could not move it: it is still where the run wrote it
  } finally {
    staged.lock.release();
  }
}

async function wroteAnything(dir: string): Promise<boolean> {
  for (const name of await readdir(dir).catch(() => [])) {
    const info = await lstat(join(dir, name));
    if (!info.isFile() || info.size > 0) return true;
  }
  return false;
}
