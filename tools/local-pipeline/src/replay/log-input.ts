import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { LogInputError, logBytes } from '@fleetlog/log-schema';
import { InputError } from '../cli/input-error';

/** One input of a replay: a file, or standard input (`-`). */
export interface LogInput {
  /** As the user named it (`-` for standard input). */
  name: string;
  /** Size in bytes for the progress bar; undefined for standard input. */
  size: number | undefined;
}

const GLOB_CHARS = /[*?[]/;

/**
 * A path as errors and notes show it: a relative one with the absolute path it resolved to, so a
 * user whose directory is not the process's (`npm start` runs in the repository) sees which file
 * was meant (ARCHITECTURE.md section 7).
 */
export function shownPath(path: string): string {
  return path === '-' || isAbsolute(path) ? path : `${path} (${resolve(path)})`;
}

/** Files already taken, by identity (device and inode): a hard link, a symlink or a repeat is one file. */
class SeenFiles {
  private readonly byIdentity = new Map<string, string>();

  constructor(private readonly notify: (line: string) => void) {}

  /** True the first time a file is seen; later, a one-line note says it is read once. */
  take(path: string, info: { dev: number; ino: number }): boolean {
    const key = `${info.dev}:${info.ino}`;
    const first = this.byIdentity.get(key);
    if (first === undefined) {
      this.byIdentity.set(key, path);
      return true;
    }
    const same = first === path ? 'given more than once' : `the same file as ${first}`;
    this.notify(`note: access log ${path} is ${same}; it is read once`);
    return false;
  }
}

/**
 * Resolves the replay's arguments in the order given: `-` is standard input (once), a name with
 * `*`, `?` or `[...]` that is not an existing file is a pattern over its directory's file names
 * (natural order, so `access.log.2` comes before `access.log.10`), anything else must be a file.
 * A file named twice, matched by two patterns or reached through a link is read once, at its first
 * place, and `notify` gets a one-line note (ARCHITECTURE.md section 7: the same input once).
 */
export async function resolveInputs(
  args: readonly string[],
  notify: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<LogInput[]> {
  const inputs: LogInput[] = [];
  const seen = new SeenFiles(notify);
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdin) throw new InputError('standard input (-) can be given only once');
      stdin = true;
      inputs.push({ name: '-', size: undefined });
      continue;
    }
    let problem: NodeJS.ErrnoException;
    try {
      const info = await stat(arg);
      if (!info.isFile()) throw new InputError(`access log ${shownPath(arg)} is not a file`);
      if (seen.take(arg, info)) inputs.push({ name: arg, size: info.size });
      continue;
    } catch (error) {
      if (error instanceof InputError) throw error;
      problem = error as NodeJS.ErrnoException;
    }
    if (!GLOB_CHARS.test(basename(arg))) {
      throw new InputError(
        `cannot read access log ${shownPath(arg)}: ${problem.code ?? problem.message}`,
      );
    }
    const matches = await expandPattern(arg, seen);
    if (matches === null) throw new InputError(`no file matches ${shownPath(arg)}`);
    inputs.push(...matches);
  }
  return inputs;
}

/** The files a pattern matches and that were not taken before; null when it matches none. */
async function expandPattern(pattern: string, seen: SeenFiles): Promise<LogInput[] | null> {
  const dir = dirname(pattern);
  if (GLOB_CHARS.test(dir)) {
    throw new InputError(`patterns are matched in file names only, not in directories: ${pattern}`);
  }
  const re = globToRegExp(basename(pattern));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new InputError(
      `cannot read directory ${shownPath(dir)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const collator = new Intl.Collator('en', { numeric: true });
  const out: LogInput[] = [];
  let matched = false;
  for (const name of names.filter((n) => re.test(n)).sort(collator.compare)) {
    const path = dir === '.' && !pattern.startsWith('./') ? name : join(dir, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    matched = true;
    if (seen.take(path, info)) out.push({ name: path, size: info.size });
  }
  return matched ? out : null;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The input's bytes as `@fleetlog/log-schema`'s logBytes reads them, the same rule `fleetlog parse`
 * follows (ARCHITECTURE.md section 7): decompressed when they start with the gzip magic bytes
 * 1f 8b (whatever the name says; concatenated gzip members are read through), bare CR line ends
 * rewritten to LF. A read or decompression failure is an InputError naming the input.
 */
export async function* readInput(
  input: LogInput,
  stdin: Readable = process.stdin,
  /** Called with the size of each chunk as read (compressed), for progress against the file size. */
  onRead: (bytes: number) => void = () => undefined,
): AsyncGenerator<Buffer> {
  const source: Readable =
    input.name === '-' ? stdin : createReadStream(input.name, { highWaterMark: 1024 * 1024 });
  try {
    yield* logBytes(source, { name: shownPath(input.name), onRead });
  } catch (error) {
    if (error instanceof LogInputError) throw new InputError(error.message);
    throw error;
  } finally {
    if (input.name !== '-') source.destroy();
  }
}
