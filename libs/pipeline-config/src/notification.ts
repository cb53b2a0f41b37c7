import { REFERENCE_KEYS, UNKNOWN_APPLICATION } from './reference';

/** Version of the notification message (ARCHITECTURE.md section 6a). */
export const NOTIFICATION_SCHEMA_VERSION = 1;

/** One SNS message of the notifier, and one line of the local runs' notifications.jsonl. */
export interface AlarmNotification {
  /** Message schema version: NOTIFICATION_SCHEMA_VERSION. */
  schemaVersion: 1;
  /** The alarm that changed state. */
  alarm: 'ApplicationFlood' | 'UnknownSourceRequests';
  /** Its new state (per application for ApplicationFlood's contributors). */
  state: 'ALARM' | 'OK';
  /** The application; `UNKNOWN` for UnknownSourceRequests. Also an SNS message attribute. */
  applicationName: string;
  /** Who to call; null for UNKNOWN, or when none could be found. An SNS attribute when set. */
  contact: string | null;
  /**
   * Start of the 5 minutes (the alarm's period: five one-minute buckets) that crossed, or
   * recovered; null when it is not known.
   */
  windowStart: string | null;
  /**
   * End (exclusive) of those 5 minutes, ISO: windowStart + the alarm's period; null with it. It
   * says the scope of `requestCount` and `topHosts`: both count `[windowStart, windowEnd)`.
   */
  windowEnd: string | null;
  /**
   * Requests of the application in those 5 minutes: the larger of the alarm's evaluated Sum and
   * the publisher's count when the message is sent (both only grow); null when not known.
   */
  requestCount: number | null;
  /** The alarm's threshold, requests per 5 minutes. */
  threshold: number;
  /** When the alarm (or contributor) changed state, ISO-8601 UTC; null when not known. */
  alarmAt: string | null;
  /** When the notification was published, ISO-8601 UTC. */
  sentAt: string;
  /** Heaviest client hosts of those 5 minutes, at most TOP_HOSTS_LIMIT; empty when not known. */
  topHosts: { host: string; requestCount: number }[];
  /**
   * From the alarm to the lines (issue 24): the `fleetlog query` command line that lists the
   * requests behind this message (drillDownCommand): `top-paths` of the application in
   * `[windowStart, windowEnd)`, `unknown-hosts` for UNKNOWN; deployed, with `--athena --stack
   * NAME`. Null when the window is not known. Always set by the notifier's buildNotification;
   * absent only in messages of a notifier older than the field.
   */
  drillDown?: string | null;
}

/** What a drill-down needs from a notification. */
export type DrillDownWindow = Pick<
  AlarmNotification,
  'applicationName' | 'windowStart' | 'windowEnd'
>;

/** The named query of a notification's drill-down and its parameters, in command-line order. */
export interface DrillDownQuery {
  name: 'top-paths' | 'unknown-hosts';
  parameters: Record<string, string>;
}

/**
 * The named query behind a notification (ARCHITECTURE.md section 6e): `top-paths` of its
 * application in its window, or `unknown-hosts` for UNKNOWN; null when the window is not known.
 */
export function drillDownQuery(n: DrillDownWindow): DrillDownQuery | null {
  if (n.windowStart === null || n.windowEnd === null) return null;
  const range = { from: n.windowStart, to: n.windowEnd };
  return n.applicationName === UNKNOWN_APPLICATION
    ? { name: 'unknown-hosts', parameters: range }
    : { name: 'top-paths', parameters: { application: n.applicationName, ...range } };
}

/** A word for a shell: quoted unless it is plain. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `npx fleetlog query ...` command line of a notification's drill-down, over a local archive
 * (`out/archive`), or in the account with `stackName` (`--athena --stack NAME`); null when the
 * window is not known. A light function (no SQL, no AWS client): the notifier bundles it.
 */
export function drillDownCommand(n: DrillDownWindow, stackName?: string): string | null {
  const query = drillDownQuery(n);
  if (query === null) return null;
  const words = ['npx', 'fleetlog', 'query', query.name];
  for (const [k, v] of Object.entries(query.parameters)) words.push(`--${k}`, v);
  if (stackName !== undefined) words.push('--athena', '--stack', stackName);
  return words.map(shellWord).join(' ');
}

/**
 * The metrics publisher keeps the heaviest hosts of the latest windows per application in this
 * small object (under `reference/`, so a missing object reads as 404 with the prefix-scoped
 * ListBucket), and the notifier reads it: the top hosts travel from the aggregates to the alarm
 * message without a database.
 */
export const RECENT_TOP_HOSTS_KEY = `${REFERENCE_KEYS.map.split('/')[0]}/recent-top-hosts.json`;

/** Bounds of the recent-top-hosts object: windows kept, and applications per window. */
export const RECENT_TOP_HOSTS_LIMITS = {
  /**
   * The latest 15 one-minute windows: an alarm names 5 minutes that ended at most a few minutes
   * before it fires, and late partials still find their minute.
   */
  windows: 15,
  /** The heaviest applications of a window (UNKNOWN always kept): floods are the heavy ones. */
  applicationsPerWindow: 50,
} as const;

/** One application's entry in one window of the recent-top-hosts object. */
export interface RecentApplicationWindow {
  /** The application (`UNKNOWN` included). */
  applicationName: string;
  /** The contact the aggregates carried; null for UNKNOWN or when none did. */
  contact: string | null;
  /** Sum of the partials the publisher has seen for this window. */
  requestCount: number;
  /** The partials' top hosts summed per host, heaviest first, at most TOP_HOSTS_LIMIT. */
  topHosts: { host: string; requestCount: number }[];
}

/** The object's content: windows newest first. */
export interface RecentTopHosts {
  /** Object schema version. */
  schemaVersion: 1;
  /** When a publisher last wrote it, ISO-8601 UTC. */
  updatedAt: string;
  /**
   * At most RECENT_TOP_HOSTS_LIMITS.windows windows, newest first; in each, the known applications
   * heaviest first, then UNKNOWN.
   */
  windows: { windowStart: string; applications: RecentApplicationWindow[] }[];
}
