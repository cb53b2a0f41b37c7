// Fast path for Kinesis Agent LOGTOJSON lines. JSON.parse + scanAgentRecord builds an object and
// nine strings per record only for the aggregator to read four fields, and that is most of the
// agent-JSON handler's time (ARCHITECTURE.md section 8 budget). scanAgentJson reads the four fields
// straight from the JSON text instead, allocating only the host string.
//
// It answers only "valid, here are the fields" or "don't know". Whatever it cannot decide exactly
// and cheaply goes back to the caller for the JSON.parse path: escapes and non-ASCII in strings
// (JSON.parse would decode them), nested values, numbers other than plain non-negative integers,
// duplicate known keys (JSON.parse keeps the last), and every invalid record, so that error
// messages keep coming from scanAgentRecord alone. agent-json-scanner.property.spec.ts checks
// that every record it decides gets the same fields from JSON.parse + scanAgentRecord.
import type { LogFields } from './access-log-record';
import { countAt, MAX_BYTES_DIGITS, timeAt } from './agent-fields';
import { CHAR } from './char-codes';
import { clientHost as clientHostImport } from './client-host';

// A module-level copy: CommonJS builds read an imported binding through a getter on every use.
const clientHost = clientHostImport;
const { TAB, LF, CR, SPACE, QUOTE, COMMA, DASH, ZERO, COLON, BACKSLASH, LBRACE, RBRACE } = CHAR;

// One bit per key scanAgentRecord reads (0 for any other key, whose value is only syntax-checked).
const HOST = 1;
const DATETIME = 2;
const REQUEST = 4;
const RESPONSE = 8;
const BYTES = 16;
const IDENT = 32;
const AUTHUSER = 64;
const REFERER = 128;
const AGENT = 256;
/** Missing, these make scanAgentRecord fail (request must be a string or null, not absent). */
const REQUIRED = HOST | DATETIME | REQUEST | RESPONSE | BYTES;

/** Char code at `i`, or -1 at or past `end` (the text goes on with the next line). */
function at(text: string, i: number, end: number): number {
  return i < end ? text.charCodeAt(i) : -1;
}

/** First index at or after `i` that is not JSON whitespace. */
function skipSpace(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR && c !== LF) break;
  }
  return i;
}

/**
 * Index of the quote closing a string whose first character is at `i`, or -1 if the string holds
 * anything but printable ASCII without backslashes (escapes, control characters, UTF-8 bytes)
 * or is not closed before `end`. Such strings read the same raw and parsed.
 */
function stringEnd(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < SPACE || c > 126) return -1;
  }
  return -1;
}

/** The bit of the key text[start, end), 0 if scanAgentRecord does not read it. */
function keyBit(text: string, start: number, end: number): number {
  switch (end - start) {
    case 4:
      return text.startsWith('host', start) ? HOST : 0;
    case 5:
      if (text.startsWith('bytes', start)) return BYTES;
      if (text.startsWith('ident', start)) return IDENT;
      return text.startsWith('agent', start) ? AGENT : 0;
    case 7:
      if (text.startsWith('request', start)) return REQUEST;
      return text.startsWith('referer', start) ? REFERER : 0;
    case 8:
      if (text.startsWith('datetime', start)) return DATETIME;
      if (text.startsWith('response', start)) return RESPONSE;
      return text.startsWith('authuser', start) ? AUTHUSER : 0;
    default:
      return 0;
  }
}

/**
 * HOT PATH: scans the LOGTOJSON object text[start, end) into `out` without JSON.parse. Returns
 * true if the record is valid, with `out` set exactly as JSON.parse + scanAgentRecord would set
 * it; false if it does not know (possibly invalid, possibly just unusual), with `out` untouched:
 * the caller must then take the JSON.parse path. Never decides that a record is invalid.
 */
export function scanAgentJson(text: string, start: number, end: number, out: LogFields): boolean {
  if (at(text, start, end) !== LBRACE) return false;
  let seen = 0;
  let hostStart = 0;
  let hostEnd = 0;
  let epochMs = NaN;
  let status: number | null = null;
  let bytes: number | null = null;
  let i = skipSpace(text, start + 1, end);
  for (;;) {
    // "key" : value — an empty object or a trailing comma fails here, as it should.
    if (at(text, i, end) !== QUOTE) return false;
    const keyEnd = stringEnd(text, i + 1, end);
    if (keyEnd < 0) return false;
    const bit = keyBit(text, i + 1, keyEnd);
    // A repeated key: JSON.parse keeps the last value; not worth handling here.
    if ((seen & bit) !== 0) return false;
    seen |= bit;
    i = skipSpace(text, keyEnd + 1, end);
    if (at(text, i, end) !== COLON) return false;
    i = skipSpace(text, i + 1, end);
    const c = at(text, i, end);
    if (c === QUOTE) {
      const valueStart = i + 1;
      const valueEnd = stringEnd(text, valueStart, end);
      if (valueEnd < 0) return false;
      if (bit === HOST) {
        const length = valueEnd - valueStart;
        if (length === 0 || (length === 1 && text.charCodeAt(valueStart) === DASH)) return false;
        hostStart = valueStart;
        hostEnd = valueEnd;
      } else if (bit === DATETIME) {
        epochMs = timeAt(text, valueStart, valueEnd);
        if (epochMs !== epochMs) return false;
      } else if (bit === RESPONSE) {
        status = countAt(text, valueStart, valueEnd, 3, true);
        if (status === -1) return false;
      } else if (bit === BYTES) {
        bytes = countAt(text, valueStart, valueEnd, MAX_BYTES_DIGITS, false);
        if (bytes === -1) return false;
      }
      // Any other key: any string will do.
      i = valueEnd + 1;
    } else if (c === 110 /* n */ && end - i >= 4 && text.startsWith('null', i)) {
      // Null is fine for every key but host and datetime (status and bytes stay null).
      if ((bit & (HOST | DATETIME)) !== 0) return false;
      i += 4;
    } else if ((c - ZERO) >>> 0 <= 9) {
      // A plain non-negative integer: digits, or a lone 0. Whatever follows ("01", "2.0", "1e3")
      // is not , or } and defers below; "-1" never gets here. The digit limits are the value
      // limits of scanAgentRecord (< 1000, < 10^15), as there are no leading zeros.
      let n = c - ZERO;
      let j = i + 1;
      if (n !== 0) {
        for (let d = at(text, j, end) - ZERO; d >>> 0 <= 9; d = at(text, j, end) - ZERO) {
          n = n * 10 + d;
          j++;
        }
      }
      if (bit === RESPONSE && j - i <= 3) status = n;
      else if (bit === BYTES && j - i <= MAX_BYTES_DIGITS) bytes = n;
      else if (bit !== 0) return false; // a number for a text key, or out of range
      i = j;
    } else if (c === 116 /* t */ && end - i >= 4 && text.startsWith('true', i)) {
      if (bit !== 0) return false;
      i += 4;
    } else if (c === 102 /* f */ && end - i >= 5 && text.startsWith('false', i)) {
      if (bit !== 0) return false;
      i += 5;
    } else {
      return false; // objects, arrays, negative numbers, anything else
    }
    // The value must end here: "nullx", "200x", "2.0" or "01" is not followed by , or }.
    i = skipSpace(text, i, end);
    const after = at(text, i, end);
    if (after === COMMA) {
      i = skipSpace(text, i + 1, end);
    } else if (after === RBRACE) {
      break;
    } else {
      return false;
    }
  }
  if (skipSpace(text, i + 1, end) !== end) return false;
  if ((seen & REQUIRED) !== REQUIRED) return false;
  out.host = clientHost(text.slice(hostStart, hostEnd));
  out.epochMs = epochMs;
  out.status = status;
  out.bytes = bytes;
  return true;
}
