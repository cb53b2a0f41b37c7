import { gunzipSync } from 'node:zlib';

/** Decompressed payloads above this are refused (a gzip bomb must not take the container down). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

let scratch = Buffer.allocUnsafe(64 * 1024);

export type DecodedPayload = { ok: true; text: string } | { ok: false; error: string };

/**
 * Turns a Kinesis record's base64 data into text: raw or gzip-compressed (magic bytes 1f 8b, as
 * Fluent Bit can send), holding raw log lines or LOGTOJSON objects, one per line.
 */
export function decodePayload(base64: string): DecodedPayload {
  // Decoded into one reused scratch buffer: no Buffer allocation per record on the hot path.
  const needed = Math.ceil(base64.length / 4) * 3;
  if (scratch.length < needed) scratch = Buffer.allocUnsafe(Math.max(needed, scratch.length * 2));
  const n = scratch.write(base64, 0, 'base64');
  if (n >= 2 && scratch[0] === 0x1f && scratch[1] === 0x8b) {
    try {
      // gunzip returns a fresh buffer, so the scratch is free again afterwards
      const text = gunzipSync(scratch.subarray(0, n), { maxOutputLength: MAX_DECOMPRESSED_BYTES });
      return { ok: true, text: text.toString('utf8') };
    } catch (error) {
      return { ok: false, error: `undecodable gzip payload: ${(error as Error).message}` };
    }
  }
  return { ok: true, text: scratch.toString('utf8', 0, n) };
}

/**
 * Calls `onLine(text, start, end)` for each non-empty line of `text` (LF or CRLF), without
 * building an array of lines; the callback slices only if it needs the string.
 */
export function forEachLine(
  text: string,
  onLine: (text: string, start: number, end: number) => void,
): void {
  const n = text.length;
  let start = 0;
  while (start < n) {
    let next = text.indexOf('\n', start);
    if (next === -1) next = n;
    let end = next;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end > start) onLine(text, start, end);
    start = next + 1;
  }
}
