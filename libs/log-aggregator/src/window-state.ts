/**
 * The tumbling-window state as Lambda carries it between invocations (JSON, at most 1 MB per
 * shard: `TUMBLING_WINDOW_MAX_STATE_BYTES`). Type aliases, not interfaces, so they stay assignable
 * to `Record<string, unknown>`.
 */

/** One shard's window state: what the handler returns between a window's invocations. */
export type AggregatorState = {
  /** State format version. */
  v: 2;
  /** Unique id of this exact state, so a warm container can reuse its live structures. */
  rev: string;
  /** Sequence number of the window's first record: seeds the deterministic flushIds. */
  firstSeq: string | null;
  /** Early flushes written so far in this window (oldest minutes sent to keep the state small). */
  early: number;
  /**
   * The counts, binary and base64 (`state-codec.ts`): one string, so the Lambda runtime's JSON
   * step and the handler's own step cost little whatever the number of groups.
   */
  data: string;
};

/** Counts of one (event-time bucket, application) in a version 1 state (read, never written). */
export type GroupState = {
  /** The application's contact (the newest seen in the window). */
  contact: string | null;
  /** Requests counted. */
  requests: number;
  /** Response bytes summed, `-` as 0. */
  bytes: number;
  /** Status code as text → requests; null statuses are not in here. */
  status: Record<string, number>;
  /** Space-Saving counters, flat `[host, count, error, ...]`. */
  top: (string | number)[];
};

/** One event-time bucket of a version 1 state. */
export type BucketState = {
  /** Log lines counted in this bucket (malformed ones included). */
  records: number;
  /** Lines that could not be read, counted in the bucket of the Lambda window's start. */
  malformed: number;
  /** Application name → its counts. */
  apps: Record<string, GroupState>;
};

/**
 * The state version 1 wrote (JSON objects, rebuilt on every invocation): still read, so a window
 * open across a deployment carries on.
 */
export type AggregatorStateV1 = {
  v: 1;
  rev: string;
  firstSeq: string | null;
  /** Bucket start, epoch ms as text → counts. */
  buckets: Record<string, BucketState>;
};

/** What Lambda passes on the first invocation of a window, and what a flush returns. */
export type EmptyState = Record<string, never>;

export const STATE_VERSION = 2;
