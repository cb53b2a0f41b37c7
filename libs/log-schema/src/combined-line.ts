import type { AccessLogRecord, ParseResult } from './access-log-record';
import { quotedAt, scanLine, spans, tokenAt } from './combined-scanner';
import { clientHost } from './client-host';
import { formatLogTimestamp } from './log-timestamp';
import { splitRequest } from './request-line';

/** Parses a combined or common format line into an access-log record; never throws on data. */
export function parseCombinedLine(line: string): ParseResult {
  if (typeof line !== 'string') return { ok: false, error: 'line must be a string' };
  const error = scanLine(line);
  if (error !== null) return { ok: false, error };
  return { ok: true, record: recordFromSpans(line) };
}

/** The full record of the last successful scanLine over `line` (host as clientHost gives it). */
export function recordFromSpans(line: string): AccessLogRecord {
  const request = quotedAt(line, spans.requestStart, spans.requestEnd);
  const parts = splitRequest(request);
  const record: AccessLogRecord = {
    host: clientHost(line.slice(spans.hostStart, spans.hostEnd)),
    ident: tokenAt(line, spans.identStart, spans.identEnd),
    authUser: tokenAt(line, spans.userStart, spans.userEnd),
    time: new Date(spans.epochMs).toISOString(),
    request,
    method: parts.method,
    path: parts.path,
    protocol: parts.protocol,
    status: spans.status,
    bytes: spans.bytes,
    referer: quotedAt(line, spans.refererStart, spans.refererEnd),
    userAgent: quotedAt(line, spans.agentStart, spans.agentEnd),
  };
  return record;
}

function quoted(value: string | null): string {
  if (value === null) return '"-"';
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Writes a record as a combined-format line (UTC zone); parseCombinedLine reads it back to the
 * same record. Null fields are written as `-`; quotes and backslashes in quoted fields are
 * escaped. A field whose value is the string `-` reads back as null (the format cannot tell).
 */
export function formatCombinedLine(record: AccessLogRecord): string {
  const epochMs = Date.parse(record.time);
  if (Number.isNaN(epochMs)) throw new RangeError(`invalid time ${JSON.stringify(record.time)}`);
  return (
    `${record.host} ${record.ident ?? '-'} ${record.authUser ?? '-'} ` +
    `[${formatLogTimestamp(epochMs)}] ${quoted(record.request)} ` +
    `${record.status ?? '-'} ${record.bytes ?? '-'} ${quoted(record.referer)} ${quoted(record.userAgent)}`
  );
}
