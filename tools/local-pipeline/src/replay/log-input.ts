import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
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
 * Resolves the replay's arguments in the order given: `-` is standard input (once), a name with
 * `*`, `?` or `[...]` that is not an existing file is a pattern over its directory's file names
 * (natural order, so `access.log.2` comes before `access.log.10`), anything else must be a file.
 */
export async function resolveInputs(args: readonly string[]): Promise<LogInput[]> {
  const inputs: LogInput[] = [];
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
      if (!info.isFile()) throw new InputError(`access log ${arg} is not a file`);
      inputs.push({ name: arg, size: info.size });
      continue;
    } catch (error) {
      if (error instanceof InputError) throw error;
      problem = error as NodeJS.ErrnoException;
    }
    if (!GLOB_CHARS.test(basename(arg))) {
      throw new InputError(`cannot read access log ${arg}: ${problem.code ?? problem.message}`);
    }
    const matches = await expandPattern(arg);
    if (matches.length === 0) throw new InputError(`no file matches ${arg}`);
    inputs.push(...matches);
  }
  return inputs;
}

async function expandPattern(pattern: string): Promise<LogInput[]> {
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
      `cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const collator = new Intl.Collator('en', { numeric: true });
  const out: LogInput[] = [];
  for (const name of names.filter((n) => re.test(n)).sort(collator.compare)) {
    const path = dir === '.' && !pattern.startsWith('./') ? name : join(dir, name);
    const info = await stat(path);
    if (info.isFile()) out.push({ name: path, size: info.size });
  }
  return out;
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
 * The input's bytes, decompressed when they start with the gzip magic bytes 1f 8b (whatever the
 * name says; concatenated gzip members, as `cat a.gz b.gz` makes, are read through).
 */
export async function* readInput(
  input: LogInput,
  stdin: Readable = process.stdin,
  /** Called with the size of each chunk as read (compressed), for progress against the file size. */
  onRead: (bytes: number) => void = () => undefined,
): AsyncGenerator<Buffer> {
  const source: Readable =
    input.name === '-' ? stdin : createReadStream(input.name, { highWaterMark: 1024 * 1024 });
  const raw = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const iterator: AsyncIterator<Buffer | string> = {
    next: async () => {
      const result = await raw.next();
      if (!result.done) onRead(result.value.length);
      return result;
    },
  };
  try {
    let first: IteratorResult<Buffer | string>;
    try {
      first = await iterator.next();
    } catch (error) {
      throw new InputError(
        `cannot read access log ${input.name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    if (first.done) return;
    let head = toBuffer(first.value);
    // Two bytes decide: wait for a second one if the first chunk is a single byte.
    while (head.length < 2) {
      const next = await iterator.next();
      if (next.done) break;
      head = Buffer.concat([head, toBuffer(next.value)]);
    }
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      yield* gunzipStream(input.name, head, iterator);
      return;
    }
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield toBuffer(next.value);
    }
  } finally {
    if (input.name !== '-') source.destroy();
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

async function* gunzipStream(
  name: string,
  head: Buffer,
  rest: AsyncIterator<Buffer | string>,
): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  let failure: Error | undefined;
  // 'close' too: once the reader stops (an error downstream), no 'drain' would ever come.
  const drained = () =>
    new Promise((r) => {
      gunzip.once('drain', r);
      gunzip.once('close', r);
    });
  const feed = (async () => {
    try {
      if (!gunzip.write(head)) await drained();
      for (;;) {
        const next = await rest.next();
        if (next.done) break;
        if (gunzip.destroyed) break;
        if (!gunzip.write(toBuffer(next.value))) await drained();
      }
      gunzip.end();
    } catch (error) {
      failure = error as Error;
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw new InputError(
      `cannot decompress access log ${name}: ${failure?.message ?? (error as Error).message}`,
    );
  } finally {
    gunzip.destroy();
    await feed;
  }
}
