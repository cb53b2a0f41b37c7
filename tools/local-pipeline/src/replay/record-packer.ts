import { MAX_LINE_BYTES } from '@fleetlog/log-schema';

// The line rules are log-schema's (line-rules.ts), shared with `fleetlog parse`: a line longer
// than MAX_LINE_BYTES cannot be shipped whole and is counted as LINE_TOO_LONG. Re-exported for
// the replay, which names them from here.
export { LINE_TOO_LONG, MAX_LINE_BYTES } from '@fleetlog/log-schema';

/** Records are cut at line ends near this size (a Kinesis Agent record is at most 1 MiB too). */
export const DEFAULT_RECORD_BYTES = 256 * 1024;

const LF = 10;
const CR = 13;

export interface PackedRecord {
  data: Buffer;
  /** Non-empty lines in it. */
  lines: number;
}

/**
 * Packs a byte stream into Kinesis-sized records of whole lines, without decoding it: each record
 * ends at a newline (the last one may not). Lines are counted as the aggregator counts them
 * (non-empty, a lone CR is empty); lines above `MAX_LINE_BYTES` are dropped and counted.
 */
export class RecordPacker {
  lines = 0;
  tooLong = 0;
  private carry: Buffer | undefined;
  /** Inside an oversize line: bytes are discarded until its newline. */
  private skipping = false;

  constructor(
    private readonly onRecord: (record: PackedRecord) => void,
    private readonly recordBytes = DEFAULT_RECORD_BYTES,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.skipping) {
      const nl = data.indexOf(LF);
      if (nl < 0) return;
      this.skipping = false;
      data = data.subarray(nl + 1);
    }
    const carry = this.carry;
    if (carry !== undefined) {
      this.carry = undefined;
      data = this.packAcross(carry, data);
    }
    const tail = this.pack(data, data.length);
    if (tail >= 0 && tail < data.length) {
      // Kept for the next chunk; copied, since the caller may reuse the chunk's memory.
      this.carry = Buffer.from(data.subarray(tail));
    }
  }

  /**
   * Packs the records that start in the carried bytes, copying only the part of the chunk they
   * reach (not the whole chunk), and returns what is left to pack. The records are the ones a
   * single joined buffer gives, so they never depend on how the input was cut into chunks.
   */
  private packAcross(carry: Buffer, chunk: Buffer): Buffer {
    if (chunk.length <= this.recordBytes) return Buffer.concat([carry, chunk]);
    const head = Buffer.concat([carry, chunk.subarray(0, this.recordBytes)]);
    const pos = this.pack(head, carry.length);
    if (pos >= carry.length) return chunk.subarray(pos - carry.length);
    // A line longer than a record starts in the carry (rare): join the rest after all.
    return Buffer.concat([head.subarray(pos), chunk.subarray(this.recordBytes)]);
  }

  /**
   * Emits the records of `data` that start before `stopAt` and returns where the rest starts; -1
   * when the rest is an oversize line being skipped. Below `data.length`, `stopAt` marks a head
   * cut from a longer input: a line with no end in a record's size stops the packing there.
   */
  private pack(data: Buffer, stopAt: number): number {
    let pos = 0;
    for (;;) {
      if (pos >= stopAt) return pos;
      const limit = pos + this.recordBytes;
      if (limit >= data.length) return pos;
      const cut = data.lastIndexOf(LF, limit - 1);
      if (cut >= pos) {
        this.emit(data.subarray(pos, cut + 1));
        pos = cut + 1;
        continue;
      }
      // No line end within a record's size: one long line, whose end may lie past a head.
      if (stopAt < data.length) return pos;
      const nl = data.indexOf(LF, pos);
      if (nl < 0) {
        if (data.length - pos > this.maxLineBytes) {
          this.tooLong++;
          this.skipping = true;
          return -1;
        }
        return pos;
      }
      if (nl - pos > this.maxLineBytes) this.tooLong++;
      else this.emit(data.subarray(pos, nl + 1));
      pos = nl + 1;
    }
  }

  /** End of input: the last line, even without a newline. */
  end(): void {
    this.skipping = false;
    const rest = this.carry;
    this.carry = undefined;
    if (rest === undefined || rest.length === 0) return;
    if (rest.length > this.maxLineBytes && rest.indexOf(LF) < 0) this.tooLong++;
    else this.emit(rest);
  }

  private emit(data: Buffer): void {
    const lines = countLines(data);
    if (lines === 0) return;
    this.lines += lines;
    this.onRecord({ data, lines });
  }
}

/** Non-empty lines (a line of only CR is empty, as the aggregator reads it). */
export function countLines(data: Buffer): number {
  let n = 0;
  let start = 0;
  const len = data.length;
  while (start < len) {
    let nl = data.indexOf(LF, start);
    if (nl < 0) nl = len;
    const end = nl > start && data[nl - 1] === CR ? nl - 1 : nl;
    if (end > start) n++;
    start = nl + 1;
  }
  return n;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const CLF_TIME = /(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})/;

/**
 * The time of a record's first line, read cheaply (the `[10/Oct/2000:13:55:36 -0700]` of common,
 * combined and agent records), for the replay's clock; undefined when there is none.
 */
export function firstLineTimeMs(data: Buffer): number | undefined {
  const m = CLF_TIME.exec(data.toString('latin1', 0, Math.min(data.length, 1024)));
  if (m === null) return undefined;
  const month = MONTHS[m[2]];
  if (month === undefined) return undefined;
  const offsetMin = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === '-' ? -1 : 1);
  const utc = Date.UTC(+m[3], month, +m[1], +m[4], +m[5], +m[6]) - offsetMin * 60_000;
  return Number.isFinite(utc) ? utc : undefined;
}

/** The time of a record's last non-empty line, read as firstLineTimeMs reads the first. */
export function lastLineTimeMs(data: Buffer): number | undefined {
  let end = data.length;
  while (end > 0 && (data[end - 1] === LF || data[end - 1] === CR)) end--;
  if (end === 0) return undefined;
  const start = data.lastIndexOf(LF, end - 1) + 1;
  return firstLineTimeMs(data.subarray(start, end));
}
