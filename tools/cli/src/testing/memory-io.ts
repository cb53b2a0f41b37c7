import { Readable, Writable } from 'node:stream';
import type { CliIo } from '../io';

/** A Writable that keeps what is written, for in-process command tests. */
export class MemorySink extends Writable {
  private readonly chunks: string[] = [];

  constructor(options: { highWaterMark?: number; slow?: boolean } = {}) {
    super({ highWaterMark: options.highWaterMark, decodeStrings: false });
    this.slow = options.slow ?? false;
  }

  private readonly slow: boolean;

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    if (this.slow) setImmediate(callback);
    else callback();
  }

  get text(): string {
    return this.chunks.join('');
  }
}

export function memoryIo(stdinText = ''): CliIo & { stdout: MemorySink; stderr: MemorySink } {
  return { stdin: Readable.from([stdinText]), stdout: new MemorySink(), stderr: new MemorySink() };
}
