import type { AccessLogRecord, LogFields } from '../access-log-record';
import { scanAgentRecord } from '../agent-record';
import { jsonInput } from '../json-input';

/** Fresh fields for a scanner to fill (specs only). */
export function emptyFields(): LogFields {
  return { host: '', epochMs: 0, status: null, bytes: null };
}

/** The fields a scanner must fill for a line its parser reads as `record`. */
export function fieldsOf(record: AccessLogRecord): LogFields {
  return {
    host: record.host,
    epochMs: Date.parse(record.time),
    status: record.status,
    bytes: record.bytes,
  };
}

/** JSON.parse + scanAgentRecord, as the aggregator's slow path: the fields, or an error message. */
export function slowAgentScan(text: string): LogFields | string {
  const json = jsonInput(text);
  if (!json.ok) return json.error;
  const out = emptyFields();
  return scanAgentRecord(json.value, out) ?? out;
}

/**
 * The record of the Apache documentation's example request (`frank` fetching
 * `/apache_pb.gif` on 10 Oct 2000 at 13:55:36 -0700) from `host`; `overrides` for other variants.
 */
export function apacheExampleRecord(
  host: string,
  overrides: Partial<AccessLogRecord> = {},
): AccessLogRecord {
  return {
    host,
    ident: null,
    authUser: 'frank',
    time: '2000-10-10T20:55:36.000Z',
    request: 'GET /apache_pb.gif HTTP/1.0',
    method: 'GET',
    path: '/apache_pb.gif',
    protocol: 'HTTP/1.0',
    status: 200,
    bytes: 2326,
    referer: 'http://www.example.com/start.html',
    userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    ...overrides,
  };
}
