// Lines out of normalised log bytes (logBytes), by the rule of line-rules.ts: split at LF, a CR
// before the LF dropped, empty lines skipped, lines above MAX_LINE_BYTES reported as too long
// without being held in memory. `fleetlog parse` reads its input through it; the replay's record
// packer applies the same rule to whole records (ARCHITECTURE.md sections 3 and 7).
import { MAX_LINE_BYTES } from './line-rules';

const LF = 10;
const CR = 13;

/**
 * Receives each line with its 1-based number among all lines, empty ones included (so numbers
 * match the input's), or null as the text of a line longer than the limit.
 */
export type OnLine = (lineNumber: number, text: string | null) => void;

/** Splits a byte stream into UTF-8 lines, chunk by chunk; a line may span chunks. */
export class LineSplitter {
  private lineNumber = 0;
  private readonly carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside a line already longer than the limit: its bytes are dropped until its LF. */
  private tooLong = false;

  /** @param maxLineBytes longest line, LF excluded; default MAX_LINE_BYTES */
  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** Calls `onLine` for every line `chunk` completes. */
  push(chunk: Buffer, onLine: OnLine): void {
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, start)) {
      this.line(chunk, start, nl, onLine);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** End of input: the last line, even without a line end. */
  end(onLine: OnLine): void {
    if (this.carryBytes > 0 || this.tooLong) this.line(Buffer.alloc(0), 0, 0, onLine);
  }

  private keep(part: Buffer): void {
    if (this.tooLong) return;
    if (this.carryBytes + part.length > this.maxLineBytes) {
      this.dropCarry();
      this.tooLong = true;
      return;
    }
    // Copied: the caller may reuse the chunk's memory.
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private dropCarry(): void {
    this.carry.length = 0;
    this.carryBytes = 0;
  }

  private line(chunk: Buffer, start: number, end: number, onLine: OnLine): void {
    this.lineNumber++;
    if (this.tooLong || this.carryBytes + end - start > this.maxLineBytes) {
      this.tooLong = false;
      this.dropCarry();
      onLine(this.lineNumber, null);
      return;
    }
    let bytes = chunk.subarray(start, end);
    if (this.carryBytes > 0) {
      bytes = Buffer.concat([...this.carry, bytes]);
      this.dropCarry();
    }
    const length =
      bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    if (length === 0) return; // an empty line is no line
    onLine(this.lineNumber, bytes.toString('utf8', 0, length));
  }
}
