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
