/** One parsed access-log line (ARCHITECTURE section 3). `-` in the source becomes null. */
export interface AccessLogRecord {
  host: string;
  ident: string | null;
  authUser: string | null;
  /** ISO-8601 UTC with milliseconds. */
  time: string;
  /** The raw request line, e.g. `GET /a HTTP/1.1`; null for `"-"`. */
  request: string | null;
  method: string | null;
  path: string | null;
  protocol: string | null;
  status: number | null;
  bytes: number | null;
  referer: string | null;
  userAgent: string | null;
}

/** The fields the aggregator needs, filled in place by the hot-path scanner. */
export interface LogFields {
  host: string;
  /** Event time, ms since the epoch (UTC). */
  epochMs: number;
  status: number | null;
  bytes: number | null;
}

export type ParseResult = { ok: true; record: AccessLogRecord } | { ok: false; error: string };
