// The archive record (ARCHITECTURE.md section 6e): one JSON object per line of the archive, the
// parsed access-log fields (section 3) plus the application the host was attributed to when the
// line was processed; a line that did not parse is kept with its reason, never dropped.
import type { AccessLogRecord } from '@fleetlog/log-schema';
import { UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import { canonicalHost, type Attribution } from '@fleetlog/reference-data';

/** A line that parsed: its fields in snake_case (the Glue and DuckDB column names). */
export interface ArchivedRequest {
  malformed: false;
  /** Event time, ISO-8601 UTC with milliseconds. */
  time: string;
  /** Event time, ms since the epoch: what the queries compare (cheap in both engines). */
  epoch_ms: number;
  /** The client in canonical form (IPv4 as is, an IPv4-mapped address as its IPv4, IPv6 compressed). */
  host: string;
  /** The application at processing time; `UNKNOWN` when the host had no row in the map. */
  application_name: string;
  /** The application's contact at processing time; null for UNKNOWN. */
  contact: string | null;
  ident: string | null;
  auth_user: string | null;
  request: string | null;
  method: string | null;
  path: string | null;
  protocol: string | null;
  status: number | null;
  bytes: number | null;
  referer: string | null;
  user_agent: string | null;
}

/** A line that did not parse, kept as it came with the reason. */
export interface ArchivedMalformed {
  malformed: true;
  /** The parser's one-line reason (with its column where it has one). */
  reason: string;
  /** The line as received (UTF-8 text), or the record's base64 data when it could not be decoded. */
  raw: string;
  /** When the line reached the pipeline (Kinesis arrival, or the replay's clock), ms; its partition. */
  received_ms: number;
}

/** One line of the archive. */
export type ArchiveRecord = ArchivedRequest | ArchivedMalformed;

/** SQL column type of an archive column, as Glue (Hive DDL) spells it. */
export type ArchiveColumnType = 'string' | 'bigint' | 'int' | 'boolean';

/**
 * Every column of the archive with its type, in one place: the Glue table (infra), the DuckDB
 * `read_json` columns and the queries read this list. A key absent from a line reads as NULL.
 */
export const ARCHIVE_COLUMNS: readonly { name: string; type: ArchiveColumnType }[] = [
  { name: 'malformed', type: 'boolean' },
  { name: 'time', type: 'string' },
  { name: 'epoch_ms', type: 'bigint' },
  { name: 'host', type: 'string' },
  { name: 'application_name', type: 'string' },
  { name: 'contact', type: 'string' },
  { name: 'ident', type: 'string' },
  { name: 'auth_user', type: 'string' },
  { name: 'request', type: 'string' },
  { name: 'method', type: 'string' },
  { name: 'path', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'status', type: 'int' },
  { name: 'bytes', type: 'bigint' },
  { name: 'referer', type: 'string' },
  { name: 'user_agent', type: 'string' },
  { name: 'reason', type: 'string' },
  { name: 'raw', type: 'string' },
  { name: 'received_ms', type: 'bigint' },
];

/** The archive record of a parsed line attributed with `attribution` (undefined: no map row). */
export function archivedRequest(
  record: AccessLogRecord,
  epochMs: number,
  attribution: Attribution | undefined,
): ArchivedRequest {
  return {
    malformed: false,
    time: record.time,
    epoch_ms: epochMs,
    host: canonicalHost(record.host) ?? record.host,
    application_name: attribution?.applicationName ?? UNKNOWN_APPLICATION,
    contact: attribution?.contact ?? null,
    ident: record.ident,
    auth_user: record.authUser,
    request: record.request,
    method: record.method,
    path: record.path,
    protocol: record.protocol,
    status: record.status,
    bytes: record.bytes,
    referer: record.referer,
    user_agent: record.userAgent,
  };
}

/** The archive record of a line that did not parse. */
export function archivedMalformed(
  raw: string,
  reason: string,
  receivedMs: number,
): ArchivedMalformed {
  return { malformed: true, reason, raw, received_ms: receivedMs };
}

/** The line of the archive file for `record` (JSON, newline-terminated). */
export function archiveJsonLine(record: ArchiveRecord): string {
  return `${JSON.stringify(record)}\n`;
}
