import { REFERENCE_KEYS } from './reference';

/** Version of the notification message (ARCHITECTURE section 6a). */
export const NOTIFICATION_SCHEMA_VERSION = 1;

/** One SNS message of the notifier, and one line of the local runs' notifications.jsonl. */
export interface AlarmNotification {
  schemaVersion: 1;
  alarm: 'ApplicationFlood' | 'UnknownSourceRequests';
  state: 'ALARM' | 'OK';
  applicationName: string;
  /** null for UNKNOWN, or when no contact could be found. */
  contact: string | null;
  /** Start of the 5-minute window that crossed (or recovered); null when it is not known. */
  windowStart: string | null;
  requestCount: number | null;
  threshold: number;
  /** Heaviest client hosts of that window, at most TOP_HOSTS_LIMIT; empty when not known. */
  topHosts: { host: string; requestCount: number }[];
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
  /** The latest 6 windows (30 minutes): alarms evaluate within minutes of a window's data. */
  windows: 6,
  /** The heaviest applications of a window (UNKNOWN always kept): floods are the heavy ones. */
  applicationsPerWindow: 50,
} as const;

export interface RecentApplicationWindow {
  applicationName: string;
  contact: string | null;
  /** Sum of the partials the publisher has seen for this window. */
  requestCount: number;
  topHosts: { host: string; requestCount: number }[];
}

/** The object's content: windows newest first. */
export interface RecentTopHosts {
  schemaVersion: 1;
  updatedAt: string;
  windows: { windowStart: string; applications: RecentApplicationWindow[] }[];
}
