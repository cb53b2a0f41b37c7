import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from './input-error';

/** Deeper than any real path: a guard against a file system that answers ENOENT forever. */
const MAX_DEPTH = 64;

/**
 * `mkdir -p` that always ends. Node's own recursive mkdir loops forever on paths it cannot
 * create under /proc (every attempt answers ENOENT); this one creates each missing parent once
 * and gives up when a directory it just made is still "missing".
 */
export async function makeDirectory(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth >= MAX_DEPTH) throw error;
    await makeDirectory(parent, depth + 1);
    await mkdir(dir); // a second ENOENT is final
  }
}

/** The output directory's problems as the one-line error main prints (exit 1). */
export function outputDirError(dir: string, error: unknown): InputError {
  const e = error as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOTDIR: 'a file is in the way, not a directory',
    EEXIST: 'a file is in the way, not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'cannot be created there',
    ENOSPC: 'no space left on device',
  };
  const reason = (e.code !== undefined ? why[e.code] : undefined) ?? e.message ?? String(error);
  return new InputError(
    `cannot write output directory ${dir}: ${reason}${e.code ? ` (${e.code})` : ''}`,
  );
}
