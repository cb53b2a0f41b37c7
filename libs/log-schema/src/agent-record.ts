// Kinesis Agent LOGTOJSON records: {host, ident, authuser, datetime, request, response, bytes,
// referer, agent}, all strings, null (or "-") for missing values. Numbers are also accepted for
// response and bytes, since other shippers emit them as JSON numbers.
import type { AccessLogRecord, LogFields, ParseResult } from './access-log-record';
import { clientHost } from './client-host';
import { describeValue } from './describe-value';
import { jsonInput } from './json-input';
import { countAt, MAX_BYTES_DIGITS, timeAt } from './agent-fields';
import { splitRequest } from './request-line';

const OPTIONAL_TEXT = ['ident', 'authuser', 'referer', 'agent'] as const;

/** Value of the last successful toCount (a module slot, so no result object per field). */
let lastNumber: number | null = null;

/** Converts a status or byte count; returns an error message or null (value in lastNumber). */
function toCount(
  record: Record<string, unknown>,
  key: string,
  digits: number,
  exact: boolean,
): string | null {
  const value = record[key];
  if (value === null || value === '-') {
    lastNumber = null;
    return null;
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0 && value < 10 ** digits) {
      lastNumber = value;
      return null;
    }
  } else if (typeof value === 'string') {
    const n = countAt(value, 0, value.length, digits, exact);
    if (n !== null && n >= 0) {
      lastNumber = n;
      return null;
    }
  }
  return badCount(key, value);
}

function badCount(key: string, value: unknown): string {
  const what = key === 'response' ? 'a status code' : 'a byte count';
  return `field "${key}" must be ${what} or null, got ${describeValue(value)}`;
}

function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * HOT PATH: scans a parsed LOGTOJSON object into `out`. Returns null if valid, else the error
 * message; `out` is unspecified after an error. Validates every field parseAgentRecord reads.
 */
export function scanAgentRecord(input: unknown, out: LogFields): string | null {
  if (!isRecord(input)) return `agent record must be a JSON object, got ${describeValue(input)}`;
  const host = input['host'];
  if (typeof host !== 'string' || host === '' || host === '-') {
    return `field "host" must be a non-empty string, got ${describeValue(host)}`;
  }
  const datetime = input['datetime'];
  if (typeof datetime !== 'string') {
    return `field "datetime" must be a string, got ${describeValue(datetime)}`;
  }
  const epochMs = timeAt(datetime, 0, datetime.length);
  if (epochMs !== epochMs)
    return `invalid timestamp ${JSON.stringify(datetime)} in field "datetime"`;
  const request = input['request'];
  if (request !== null && typeof request !== 'string') {
    return `field "request" must be a string or null, got ${describeValue(request)}`;
  }
  for (const key of OPTIONAL_TEXT) {
    const value = input[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return `field "${key}" must be a string or null, got ${describeValue(value)}`;
    }
  }
  let error = toCount(input, 'response', 3, true);
  if (error !== null) return error;
  const status = lastNumber;
  error = toCount(input, 'bytes', MAX_BYTES_DIGITS, false);
  if (error !== null) return error;
  out.host = clientHost(host);
  out.epochMs = epochMs;
  out.status = status;
  out.bytes = lastNumber;
  return null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '-' ? value : null;
}

/** Parses a LOGTOJSON record (JSON text or an already parsed object); never throws on data. */
export function parseAgentRecord(input: string | unknown): ParseResult {
  const json = jsonInput(input);
  if (!json.ok) return json;
  const value = json.value;
  const fields: LogFields = { host: '', epochMs: 0, status: null, bytes: null };
  const error = scanAgentRecord(value, fields);
  if (error !== null) return { ok: false, error };
  const r = value as Record<string, unknown>;
  const request = text(r['request']);
  const parts = splitRequest(request);
  const record: AccessLogRecord = {
    host: fields.host,
    ident: text(r['ident']),
    authUser: text(r['authuser']),
    time: new Date(fields.epochMs).toISOString(),
    request,
    method: parts.method,
    path: parts.path,
    protocol: parts.protocol,
    status: fields.status,
    bytes: fields.bytes,
    referer: text(r['referer']),
    userAgent: text(r['agent']),
  };
  return { ok: true, record };
}
