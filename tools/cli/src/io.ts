import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

/** The streams a command uses; injected so commands run in-process in tests. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Wrong arguments: the dispatcher prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Usage text of the command concerned, or the general usage when absent. */
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes and, when the stream's buffer is full, waits for it to drain (backpressure). */
export async function writeWithBackpressure(stream: Writable, chunk: string): Promise<void> {
  if (stream.write(chunk)) return;
  await once(stream, 'drain');
}
