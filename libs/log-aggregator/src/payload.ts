import { gunzipSync } from 'node:zlib';

/** Decompressed payloads above this are refused (a gzip bomb must not take the container down). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * `text` holds the payload's bytes one character per byte (latin1). Every byte of a multi-byte
 * UTF-8 sequence is >= 0x80, so quotes, brackets, spaces and digits are where a UTF-8 decode
 * would put them and the scanners give the same result; only non-ASCII text inside quoted fields
 * (which the aggregator ignores) reads differently. Use `utf8Text` before showing a line to people.
 */
export type DecodedPayload = { ok: true; text: string } | { ok: false; error: string };

/**
 * Turns a Kinesis record's base64 data into text: raw or gzip-compressed (magic bytes 1f 8b, as
 * Fluent Bit can send), holding raw log lines or LOGTOJSON objects, one per line.
 */
export function decodePayload(base64: string): DecodedPayload {
  if (isGzipBase64(base64)) {
    try {
      // Straight from base64 to bytes: no intermediate one-byte string for data zlib reads anyway.
      const bytes = gunzipSync(Buffer.from(base64, 'base64'), {
        maxOutputLength: MAX_DECOMPRESSED_BYTES,
      });
      return { ok: true, text: bytes.toString('latin1') };
    } catch (error) {
      return { ok: false, error: `undecodable gzip payload: ${(error as Error).message}` };
    }
  }
  try {
    // atob decodes straight to a one-byte string: about half the cost of Buffer.from + toString.
    return { ok: true, text: atob(base64) };
  } catch {
    return { ok: false, error: 'record data is not valid base64' };
  }
}

/** Whether base64 data starts with the gzip magic bytes 1f 8b: "H4" then one of s, t, u, v. */
function isGzipBase64(base64: string): boolean {
  const third = base64.charCodeAt(2);
  return (
    base64.charCodeAt(0) === 0x48 && base64.charCodeAt(1) === 0x34 && third >= 0x73 && third <= 0x76
  );
}

/** A line of a decoded payload as UTF-8 text, for logs. */
export function utf8Text(binary: string): string {
  return Buffer.from(binary, 'latin1').toString('utf8');
}
