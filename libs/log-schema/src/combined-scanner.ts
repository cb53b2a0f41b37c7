// Index-based scanner for combined/common access-log lines. It finds every field's span without
// allocating; scanCombinedLine (the aggregator's hot path) copies out only the host, and
// parseCombinedLine slices the rest. Both run the same code, so they accept the same lines.
import type { LogFields } from './access-log-record';
import {
  LOG_TIMESTAMP_LENGTH as LOG_TIMESTAMP_LENGTH_IMPORT,
  scanTimestampAt as scanTimestampAtImport,
} from './log-timestamp';
import { CHAR } from './char-codes';
import { clientHost as clientHostImport } from './client-host';

// Module-level copies of the hot imports: CommonJS builds (tsx, ts-jest) read an imported
// binding through a getter on every use.
const LOG_TIMESTAMP_LENGTH = LOG_TIMESTAMP_LENGTH_IMPORT;
const scanTimestampAt = scanTimestampAtImport;
const clientHost = clientHostImport;

const { LF, CR, SPACE, QUOTE, DASH, LBRACKET, BACKSLASH, RBRACKET } = CHAR;
/** Byte counts above this many digits would lose precision as a double. */
const MAX_BYTES_DIGITS = 15;

/** Field spans of the last successful scan: [start, end) indexes into the line. */
export interface LineSpans {
  /** After a UTF-8 BOM and any prefix the caller skipped (`from`). */
  hostStart: number;
  hostEnd: number;
  identStart: number;
  identEnd: number;
  userStart: number;
  userEnd: number;
  requestStart: number;
  requestEnd: number;
  /** -1 when the line is in common format (no referer and user agent). */
  refererStart: number;
  refererEnd: number;
  agentStart: number;
  agentEnd: number;
  /** End of the line without its trailing CR/LF. */
  end: number;
  epochMs: number;
  status: number | null;
  bytes: number | null;
}

/** Reused by every scan (one module-level object keeps the hot path allocation-free). */
export const spans: LineSpans = {
  hostStart: 0,
  hostEnd: 0,
  identStart: 0,
  identEnd: 0,
  userStart: 0,
  userEnd: 0,
  requestStart: 0,
  requestEnd: 0,
  refererStart: -1,
  refererEnd: -1,
  agentStart: -1,
  agentEnd: -1,
  end: 0,
  epochMs: 0,
  status: null,
  bytes: null,
};

/**
 * Index of the quote that closes a field opened just before `from`, or -1. A quote closes only if
 * preceded by an even number of backslashes (`\"` is escaped, `\\"` is not) and followed by a
 * space or the end of the line, so a stray unescaped quote inside a field does not cut it short.
 */
export function closingQuote(line: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    i = line.indexOf('"', i);
    if (i < 0 || i >= end) return -1;
    let k = i - 1;
    while (k >= from && line.charCodeAt(k) === BACKSLASH) k--;
    if (((i - 1 - k) & 1) === 0 && (i + 1 === end || line.charCodeAt(i + 1) === SPACE)) return i;
    i++;
  }
}

/** True if [start, end) is exactly `-`. */
function isDash(line: string, start: number, end: number): boolean {
  return end === start + 1 && line.charCodeAt(start) === DASH;
}

function invalidTimestamp(line: string, at: number, end: number): string {
  const close = line.indexOf(']', at);
  const stop = close >= 0 && close < end ? close : Math.min(end, at + LOG_TIMESTAMP_LENGTH);
  return `invalid timestamp "${line.slice(at, stop)}" at column ${at + 1}`;
}

/**
 * Length of a UTF-8 byte order mark at `at`: 1 for U+FEFF (decoded text), 3 for EF BB BF read
 * one character per byte (the aggregator's latin1 payloads), else 0.
 */
export function bomLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0xfeff) return 1;
  if (c === 0xef && text.charCodeAt(at + 1) === 0xbb && text.charCodeAt(at + 2) === 0xbf) return 3;
  return 0;
}

/**
 * Scans `line` from `from` into `spans`. Returns null on success, else what is wrong and where
 * (1-based column). A UTF-8 BOM at `from` and trailing CR/LF are ignored; anything after the
 * quoted user agent is ignored. `%h %l %u` are single tokens (strict): extra tokens before the
 * `[` of the time (a vhost prefix, an X-Forwarded-For list) make the line malformed, never
 * credited to the wrong client.
 */
export function scanLine(line: string, from = 0): string | null {
  let end = line.length;
  for (let c = line.charCodeAt(end - 1); c === LF || c === CR; c = line.charCodeAt(end - 1)) end--;
  const hostStart = from + bomLength(line, from);
  if (end <= hostStart) return 'empty line';

  // host ident user
  const hostEnd = line.indexOf(' ', hostStart);
  if (hostEnd === hostStart) return `expected host at column ${hostStart + 1}`;
  if (hostEnd < 0 || hostEnd >= end) return `expected ident at column ${end + 1}`;
  const identStart = hostEnd + 1;
  const identEnd = line.indexOf(' ', identStart);
  if (identEnd === identStart) return `expected ident at column ${identStart + 1}`;
  if (identEnd < 0 || identEnd >= end) return `expected user at column ${end + 1}`;
  const userStart = identEnd + 1;
  const userEnd = line.indexOf(' ', userStart);
  if (userEnd === userStart || line.charCodeAt(userStart) === LBRACKET) {
    return `expected user at column ${userStart + 1}`;
  }
  if (userEnd < 0 || userEnd >= end) return `expected "[" at column ${end + 1}`;
  if (line.charCodeAt(userEnd + 1) !== LBRACKET) return `expected "[" at column ${userEnd + 2}`;

  // [timestamp]
  const ts = userEnd + 2;
  const close = ts + LOG_TIMESTAMP_LENGTH;
  const epochMs = close <= end ? scanTimestampAt(line, ts) : NaN;
  if (epochMs !== epochMs) return invalidTimestamp(line, ts, end); // NaN
  if (close >= end || line.charCodeAt(close) !== RBRACKET)
    return `expected "]" at column ${close + 1}`;

  // "request"
  let p = close + 1;
  if (p >= end || line.charCodeAt(p) !== SPACE) return `expected space at column ${p + 1}`;
  if (line.charCodeAt(p + 1) !== QUOTE) return `expected quoted request at column ${p + 2}`;
  const requestStart = p + 2;
  const requestEnd = closingQuote(line, requestStart, end);
  if (requestEnd < 0) return `unterminated quoted field at column ${p + 2}`;

  // status: three digits or -
  p = requestEnd + 2;
  let status: number | null;
  const s0 = line.charCodeAt(p) - 48;
  const s1 = line.charCodeAt(p + 1) - 48;
  const s2 = line.charCodeAt(p + 2) - 48;
  if (p >= end) {
    return `expected status code at column ${p + 1}`;
  } else if (s0 === DASH - 48 && (p + 1 === end || s1 === SPACE - 48)) {
    status = null;
    p += 1;
  } else if (
    s0 >>> 0 <= 9 &&
    s1 >>> 0 <= 9 &&
    s2 >>> 0 <= 9 &&
    p + 3 <= end &&
    (p + 3 === end || line.charCodeAt(p + 3) === SPACE)
  ) {
    status = s0 * 100 + s1 * 10 + s2;
    p += 3;
  } else {
    return `expected status code at column ${p + 1}`;
  }

  // bytes: digits or -
  p += 1;
  if (p >= end) return `expected byte count at column ${p + 1}`;
  let bytes: number | null;
  const bytesStart = p;
  if (line.charCodeAt(p) === DASH) {
    bytes = null;
    p += 1;
  } else {
    bytes = 0;
    for (let d = line.charCodeAt(p) - 48; p < end && d >>> 0 <= 9; d = line.charCodeAt(++p) - 48) {
      bytes = bytes * 10 + d;
    }
    if (p === bytesStart || p - bytesStart > MAX_BYTES_DIGITS) {
      return `expected byte count at column ${bytesStart + 1}`;
    }
  }
  if (p < end && line.charCodeAt(p) !== SPACE)
    return `expected byte count at column ${bytesStart + 1}`;

  // Optional "referer" "user agent" (combined format); trailing spaces alone mean common format.
  while (p < end && line.charCodeAt(p) === SPACE) p++;
  let refererStart = -1;
  let refererEnd = -1;
  let agentStart = -1;
  let agentEnd = -1;
  if (p < end) {
    if (line.charCodeAt(p) !== QUOTE) return `expected quoted referer at column ${p + 1}`;
    refererStart = p + 1;
    refererEnd = closingQuote(line, refererStart, end);
    if (refererEnd < 0) return `unterminated quoted field at column ${p + 1}`;
    p = refererEnd + 2;
    if (p >= end || line.charCodeAt(p) !== QUOTE) {
      return `expected quoted user agent at column ${Math.min(p, end) + 1}`;
    }
    agentStart = p + 1;
    agentEnd = closingQuote(line, agentStart, end);
    if (agentEnd < 0) return `unterminated quoted field at column ${p + 1}`;
  }

  spans.hostStart = hostStart;
  spans.hostEnd = hostEnd;
  spans.identStart = identStart;
  spans.identEnd = identEnd;
  spans.userStart = userStart;
  spans.userEnd = userEnd;
  spans.requestStart = requestStart;
  spans.requestEnd = requestEnd;
  spans.refererStart = refererStart;
  spans.refererEnd = refererEnd;
  spans.agentStart = agentStart;
  spans.agentEnd = agentEnd;
  spans.end = end;
  spans.epochMs = epochMs;
  spans.status = status;
  spans.bytes = bytes;
  return null;
}

/**
 * HOT PATH: scans a combined/common line into `out` (host, epochMs, status, bytes). Returns null
 * if the line is valid, else the error message; `out` is unspecified after an error. Allocates
 * only the host substring.
 */
export function scanCombinedLine(line: string, out: LogFields): string | null {
  const error = scanLine(line);
  if (error !== null) return error;
  out.host = clientHost(line.slice(spans.hostStart, spans.hostEnd));
  out.epochMs = spans.epochMs;
  out.status = spans.status;
  out.bytes = spans.bytes;
  return null;
}

/** `-` → null, else the text of the token. */
export function tokenAt(line: string, start: number, end: number): string | null {
  return isDash(line, start, end) ? null : line.slice(start, end);
}

/** A quoted field's value: `-` → null, `\"` → `"`, `\\` → `\`; other escapes stay as written. */
export function quotedAt(line: string, start: number, end: number): string | null {
  if (start < 0 || isDash(line, start, end)) return null;
  const backslash = line.indexOf('\\', start);
  if (backslash < 0 || backslash >= end) return line.slice(start, end);
  let out = line.slice(start, backslash);
  for (let i = backslash; i < end; i++) {
    const c = line.charCodeAt(i);
    const next = line.charCodeAt(i + 1);
    if (c === BACKSLASH && i + 1 < end && (next === QUOTE || next === BACKSLASH)) {
      out += line[i + 1];
      i++;
    } else {
      out += line[i];
    }
  }
  return out;
}
