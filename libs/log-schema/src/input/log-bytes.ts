// The bytes of one access-log input, as the replay and `fleetlog parse` both read them
// (ARCHITECTURE.md section 7): decompressed when they start with the gzip magic bytes (whatever
// the file is called, standard input included), with bare CR line ends rewritten to LF.
import { fstatSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LineEndNormaliser } from './line-ends';

/** An input that cannot be read or decompressed: a one-line message naming the input. */
export class LogInputError extends Error {
  override readonly name = 'LogInputError';
}

/** How logBytes names its input in errors and reports its progress. */
export interface LogBytesOptions {
  /** The input's name in error messages (`access.log.2.gz`, `standard input`). */
  name: string;
  /** Called with the size of each chunk as read (compressed), for progress against a file size. */
  onRead?: (bytes: number) => void;
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String((error as Error).message ?? error);
}

/**
 * True when `source` is this process's standard input and that is a directory
 * (`fleetlog parse < logs/`): Node then gives an empty stream instead of the EISDIR a read
 * would give, and the run would end with nothing said.
 */
function isDirectoryOnStdin(source: unknown): boolean {
  if (source !== process.stdin) return false;
  try {
    return fstatSync(0).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The input's bytes, decompressed when they start with 1f 8b (concatenated gzip members, as
 * `cat a.gz b.gz` makes, are read through), bare CRs rewritten to LF. Throws LogInputError when
 * the source cannot be read (a directory on standard input: EISDIR) or the gzip data is broken.
 */
export async function* logBytes(
  source: AsyncIterable<Buffer | string>,
  options: LogBytesOptions,
): AsyncGenerator<Buffer> {
  const { name, onRead = () => undefined } = options;
  if (isDirectoryOnStdin(source)) throw new LogInputError(`cannot read access log ${name}: EISDIR`);
  const raw = source[Symbol.asyncIterator]();
  const chunks: AsyncIterator<Buffer> = {
    next: async () => {
      let result: IteratorResult<Buffer | string>;
      try {
        result = await raw.next();
      } catch (error) {
        throw new LogInputError(`cannot read access log ${name}: ${codeOf(error)}`);
      }
      if (result.done) return { done: true, value: undefined };
      onRead(result.value.length);
      return { done: false, value: toBuffer(result.value) };
    },
  };
  let first = await chunks.next();
  if (first.done) return;
  let head = first.value;
  // Two bytes decide: wait for a second one if the first chunk is a single byte.
  while (head.length < 2) {
    first = await chunks.next();
    if (first.done) break;
    head = Buffer.concat([head, first.value]);
  }
  const lineEnds = new LineEndNormaliser();
  const decoded =
    head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
      ? gunzipStream(name, head, chunks)
      : plainStream(head, chunks);
  for await (const chunk of decoded) yield lineEnds.push(chunk);
}

async function* plainStream(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* gunzipStream(
  name: string,
  head: Buffer,
  rest: AsyncIterator<Buffer>,
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
        if (next.done || gunzip.destroyed) break;
        if (!gunzip.write(next.value)) await drained();
      }
      gunzip.end();
    } catch (error) {
      failure = error as Error;
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzip as Readable) yield chunk as Buffer;
  } catch (error) {
    if (failure instanceof LogInputError) throw failure;
    throw new LogInputError(
      `cannot decompress access log ${name}: ${failure?.message ?? (error as Error).message}`,
    );
  } finally {
    gunzip.destroy();
    await feed;
  }
}
