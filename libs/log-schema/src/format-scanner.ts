// The scanner of a custom format string: walks the plan's literals and fields over a line with
// startsWith/indexOf and charCodeAt, recording each field's span; no regex, no per-line
// allocation beyond the strings the caller slices.
import type { AccessLogRecord } from './access-log-record';
import { bomLength as bomLengthImport, quotedAt, tokenAt } from './combined-scanner';
import type { FieldKind, FormatPlan } from './format-syntax';
import {
  LOG_TIMESTAMP_LENGTH as LOG_TIMESTAMP_LENGTH_IMPORT,
  scanTimestampAt as scanTimestampAtImport,
} from './log-timestamp';
import { splitRequest } from './request-line';
import { CHAR } from './char-codes';

// Module-level copies of the hot imports: CommonJS builds (tsx, ts-jest) read an imported
// binding through a getter on every use.
const bomLength = bomLengthImport;
const LOG_TIMESTAMP_LENGTH = LOG_TIMESTAMP_LENGTH_IMPORT;
const scanTimestampAt = scanTimestampAtImport;

const { LF, CR, SPACE, DASH, BACKSLASH } = CHAR;
const MAX_BYTES_DIGITS = 15;

/** Span slots of the fields fleetlog uses (`other` fields have none). */
export const SLOT = {
  host: 0,
  ident: 1,
  user: 2,
  time: 3,
  request: 4,
  status: 5,
  bytes: 6,
  referer: 7,
  userAgent: 8,
  forwardedFor: 9,
} as const;
const SLOT_COUNT = 10;
const OTHER = -1;

/** Fields that are one token: they end at the first space (strictness, ARCHITECTURE.md section 3). */
function isToken(kind: FieldKind): boolean {
  return (
    kind === 'host' || kind === 'ident' || kind === 'user' || kind === 'status' || kind === 'bytes'
  );
}

/**
 * Index of the quote closing a field opened before `from`: not escaped by an odd run of
 * backslashes, followed by the rest of the next literal, and (when that literal is just the quote)
 * by a space or the end, so a stray quote inside a user agent does not cut it short. -1 if none.
 */
function closingQuote(line: string, from: number, end: number, next: string): number {
  let i = from;
  for (;;) {
    i = line.indexOf('"', i);
    if (i < 0 || i >= end) return -1;
    let k = i - 1;
    while (k >= from && line.charCodeAt(k) === BACKSLASH) k--;
    if (((i - 1 - k) & 1) === 0 && i + next.length <= end && line.startsWith(next, i)) {
      if (next.length > 1 || i + 1 === end || line.charCodeAt(i + 1) === SPACE) return i;
    }
    i++;
  }
}

export class PlanScanner {
  /** Start and end of each slot's field in the last scanned line; -1 for fields the format lacks. */
  readonly starts = new Int32Array(SLOT_COUNT).fill(-1);
  readonly ends = new Int32Array(SLOT_COUNT).fill(-1);
  epochMs = 0;
  status: number | null = null;
  bytes: number | null = null;

  private readonly literals: string[];
  private readonly slots: Int8Array;
  private readonly tokens: Uint8Array;
  private readonly quoted: Uint8Array;
  private readonly directives: string[];
  private readonly count: number;

  constructor(plan: FormatPlan) {
    this.literals = plan.literals;
    this.count = plan.fields.length;
    this.slots = Int8Array.from(plan.fields, (f) => (f.kind === 'other' ? OTHER : SLOT[f.kind]));
    this.tokens = Uint8Array.from(plan.fields, (f) => (isToken(f.kind) ? 1 : 0));
    this.quoted = Uint8Array.from(plan.fields, (_, i) =>
      plan.literals[i].endsWith('"') && plan.literals[i + 1].startsWith('"') ? 1 : 0,
    );
    this.directives = plan.fields.map((f) => f.directive);
  }

  /** Whether the field in `slot` is a quoted one (its value unescapes `\"`). */
  isQuoted(slot: number): boolean {
    const index = this.slots.indexOf(slot);
    return index >= 0 && this.quoted[index] === 1;
  }

  /** Scans `line`; null on success, else what is wrong and where (1-based column). */
  scan(line: string): string | null {
    let end = line.length;
    for (let c = line.charCodeAt(end - 1); c === LF || c === CR; c = line.charCodeAt(end - 1))
      end--;
    let p = bomLength(line, 0);
    if (end <= p) return 'empty line';
    const literals = this.literals;
    for (let f = 0; f < this.count; f++) {
      const literal = literals[f];
      if (literal.length > 0) {
        if (p + literal.length > end || !line.startsWith(literal, p)) {
          return `expected ${JSON.stringify(literal)} at column ${p + 1}`;
        }
        p += literal.length;
      }
      const slot = this.slots[f];
      const next = literals[f + 1];
      let e: number;
      if (slot === SLOT.time) {
        e = p + LOG_TIMESTAMP_LENGTH;
        const epochMs = e <= end ? scanTimestampAt(line, p) : NaN;
        if (epochMs !== epochMs) {
          return `invalid timestamp "${line.slice(p, Math.min(e, end))}" at column ${p + 1}`;
        }
        this.epochMs = epochMs;
      } else if (this.quoted[f] === 1) {
        e = closingQuote(line, p, end, next);
        if (e < 0) return `unterminated quoted field at column ${p}`;
      } else if (this.tokens[f] === 1) {
        const stop = next === '' ? SPACE : next.charCodeAt(0);
        if (stop === SPACE) {
          e = line.indexOf(' ', p);
          if (e < 0 || e > end) e = end;
        } else {
          e = p;
          for (
            let c = line.charCodeAt(e);
            e < end && c !== stop && c !== SPACE;
            c = line.charCodeAt(++e)
          );
        }
        if (e === p) return `expected ${this.directives[f]} at column ${p + 1}`;
      } else if (next === '') {
        e = end;
      } else {
        e = line.indexOf(next, p);
        if (e < 0 || e > end) return `expected ${JSON.stringify(next)} at column ${end + 1}`;
      }
      if (slot === SLOT.status) {
        const error = this.readStatus(line, p, e);
        if (error !== null) return error;
      } else if (slot === SLOT.bytes) {
        const error = this.readBytes(line, p, e);
        if (error !== null) return error;
      }
      if (slot !== OTHER) {
        this.starts[slot] = p;
        this.ends[slot] = e;
      }
      p = e;
    }
    const trailing = literals[this.count];
    if (trailing.length > 0 && (p + trailing.length > end || !line.startsWith(trailing, p))) {
      return `expected ${JSON.stringify(trailing)} at column ${p + 1}`;
    }
    return null;
  }

  private readStatus(line: string, p: number, e: number): string | null {
    if (e === p + 1 && line.charCodeAt(p) === DASH) {
      this.status = null;
      return null;
    }
    const s0 = line.charCodeAt(p) - 48;
    const s1 = line.charCodeAt(p + 1) - 48;
    const s2 = line.charCodeAt(p + 2) - 48;
    if (e !== p + 3 || s0 >>> 0 > 9 || s1 >>> 0 > 9 || s2 >>> 0 > 9) {
      return `expected status code at column ${p + 1}`;
    }
    this.status = s0 * 100 + s1 * 10 + s2;
    return null;
  }

  private readBytes(line: string, p: number, e: number): string | null {
    if (e === p + 1 && line.charCodeAt(p) === DASH) {
      this.bytes = null;
      return null;
    }
    if (e - p > MAX_BYTES_DIGITS) return `expected byte count at column ${p + 1}`;
    let bytes = 0;
    for (let i = p; i < e; i++) {
      const d = line.charCodeAt(i) - 48;
      if (d >>> 0 > 9) return `expected byte count at column ${p + 1}`;
      bytes = bytes * 10 + d;
    }
    this.bytes = bytes;
    return null;
  }

  /** A field's text from the last scan: null if the format lacks it or it is `-`. */
  text(line: string, slot: number): string | null {
    const start = this.starts[slot];
    if (start < 0) return null;
    return this.isQuoted(slot)
      ? quotedAt(line, start, this.ends[slot])
      : tokenAt(line, start, this.ends[slot]);
  }

  /** The full record of the last successful scan; `host` is the caller's (resolved) client. */
  record(line: string, host: string): AccessLogRecord {
    const request = this.text(line, SLOT.request);
    const parts = splitRequest(request);
    return {
      host,
      ident: this.text(line, SLOT.ident),
      authUser: this.text(line, SLOT.user),
      time: new Date(this.epochMs).toISOString(),
      request,
      method: parts.method,
      path: parts.path,
      protocol: parts.protocol,
      status: this.starts[SLOT.status] < 0 ? null : this.status,
      bytes: this.starts[SLOT.bytes] < 0 ? null : this.bytes,
      referer: this.text(line, SLOT.referer),
      userAgent: this.text(line, SLOT.userAgent),
    };
  }
}
