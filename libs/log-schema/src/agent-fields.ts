// The LOGTOJSON field rules both readers apply, on a string range, so the parsed-object path
// (agent-record.ts) and the raw-text fast path (agent-json-scanner.ts) cannot drift apart.
import { LOG_TIMESTAMP_LENGTH, scanTimestampAt } from './log-timestamp';
import { CHAR } from './char-codes';

/** Byte counts longer than this are refused (larger than any response, and safe as a number). */
export const MAX_BYTES_DIGITS = 15;

const { DASH, ZERO, LBRACKET, RBRACKET } = CHAR;

/** The datetime text[start, end), with or without the log line's brackets: epoch ms or NaN. */
export function timeAt(text: string, start: number, end: number): number {
  const bracketed =
    end > start && text.charCodeAt(start) === LBRACKET && text.charCodeAt(end - 1) === RBRACKET;
  const skip = bracketed ? 1 : 0;
  if (end - start - 2 * skip !== LOG_TIMESTAMP_LENGTH) return NaN;
  return scanTimestampAt(text, start + skip);
}

/**
 * A status or byte count written as the string text[start, end): "-" is null, otherwise up to
 * `digits` digits (exactly that many if `exact`); -1 if invalid.
 */
export function countAt(
  text: string,
  start: number,
  end: number,
  digits: number,
  exact: boolean,
): number | null {
  const length = end - start;
  if (length === 1 && text.charCodeAt(start) === DASH) return null;
  if (length === 0 || length > digits || (exact && length !== digits)) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d >>> 0 > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
