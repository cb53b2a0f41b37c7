/**
 * One parsed access-log line (ARCHITECTURE.md section 3): what `parse` of a compiled log format,
 * parseCombinedLine and parseAgentRecord return, and what `fleetlog parse` prints. `-` in the
 * source becomes null; numbers are numbers.
 */
export interface AccessLogRecord {
  /**
   * The client: `%h` / `$remote_addr` as written, or, with `trustedProxies` and an
   * X-Forwarded-For field, the right-most address of `XFF + [%h]` outside the trusted ranges.
   */
  host: string;
  /** `%l`, the identd user (nearly always `-`); null for `-`. */
  ident: string | null;
  /** `%u`, the authenticated user; null for `-`. */
  authUser: string | null;
  /** ISO-8601 UTC with milliseconds. */
  time: string;
  /** The raw request line, e.g. `GET /a HTTP/1.1`; null for `"-"`. */
  request: string | null;
  /** `GET`, `POST`, ... of the request line; null when the request is not an HTTP request line. */
  method: string | null;
  /** Everything between the method and the protocol (spaces kept); null as `method`. */
  path: string | null;
  /** `HTTP/1.1` and the like; null when the request has no protocol or is no request line. */
  protocol: string | null;
  /** Final status (`%>s`); null for `-`. */
  status: number | null;
  /** Response bytes (`%b`, `%O` in vhost_combined); null for `-`. */
  bytes: number | null;
  /** `Referer` header; null for `-` (an empty `""` stays the empty string). */
  referer: string | null;
  /** `User-Agent` header; null for `-`. */
  userAgent: string | null;
}

/** The fields the aggregator needs, filled in place by the hot-path scanner. */
export interface LogFields {
  /** The client, as `AccessLogRecord.host`. */
  host: string;
  /** Event time, ms since the epoch (UTC). */
  epochMs: number;
  /** As `AccessLogRecord.status`. */
  status: number | null;
  /** As `AccessLogRecord.bytes`. */
  bytes: number | null;
}

/** A parse that never throws on data: the record, or one line saying what is wrong and where. */
export type ParseResult = { ok: true; record: AccessLogRecord } | { ok: false; error: string };
