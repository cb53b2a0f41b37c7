import type { TopHost } from '@fleetlog/log-schema';
import { classifyAlarmEvent, findApplicationPeriod, notificationPeriod } from '@fleetlog/notifier';
import {
  ALARM_PERIOD_SECONDS,
  BUCKET_SECONDS,
  DEFAULT_NAMESPACE,
  RECENT_TOP_HOSTS_LIMITS,
  type AlarmNotification,
  type RecentTopHosts,
} from '@fleetlog/pipeline-config';
import type { AlarmEpisode, EpisodeWindow } from './alarm-episodes';
import { alarmStateChangeEvent } from './alarm-events';
import { buildNotification } from './app-handlers';

/** What the notifier reads of one (minute, application) total (a run summary's BucketRow). */
export interface WindowRow {
  windowStart: string;
  applicationName: string;
  contact: string | null;
  /** Requests of the application in the minute, every partial summed. */
  requestCount: number;
  topHosts: TopHost[];
}

/** Options of localNotifications. */
export interface LocalNotificationOptions {
  /**
   * CloudWatch namespace named in the modelled events.
   * @default DEFAULT_NAMESPACE
   */
  namespace?: string;
  /**
   * ApplicationFlood's query, named in its modelled events.
   * @default ''
   */
  query?: string;
}

/** The alarms that notify an owner (ARCHITECTURE.md section 6a). */
const NOTIFYING = new Set<string>(['UnknownSourceRequests', 'ApplicationFlood']);
const MINUTE_MS = BUCKET_SECONDS * 1000;

/**
 * The one application's part of the publisher's recent-top-hosts object as the notifier reads it
 * at `sentAtMs`: its minutes begun by then, the newest RECENT_TOP_HOSTS_LIMITS.windows of them.
 * The local run does not record when each partial reached the publisher, so each minute holds
 * every partial of it: the count can exceed what a deployed notifier reads a few seconds after the
 * evaluation by the partials still on their way (the alarm's own value counts only what had
 * reached CloudWatch).
 */
function objectAt(rows: readonly WindowRow[], sentAtMs: number): RecentTopHosts {
  const begun = rows.filter((r) => Date.parse(r.windowStart) < sentAtMs);
  const oldestMs =
    Math.floor(sentAtMs / MINUTE_MS) * MINUTE_MS - RECENT_TOP_HOSTS_LIMITS.windows * MINUTE_MS;
  return {
    schemaVersion: 1,
    updatedAt: new Date(sentAtMs).toISOString(),
    windows: begun
      .filter((r) => Date.parse(r.windowStart) >= oldestMs)
      .map((r) => ({
        windowStart: r.windowStart,
        applications: [
          {
            applicationName: r.applicationName,
            contact: r.contact,
            requestCount: r.requestCount,
            topHosts: r.topHosts,
          },
        ],
      })),
  };
}

/**
 * The notifications a deployed fleetlog would have sent for this run, as the notifier builds
 * them (ARCHITECTURE.md section 6a), from the alarm model's transitions: one ALARM per application
 * per episode and one OK when the episode ended, with `alarmAt` the model's state change and
 * `sentAt` when the owner had it (notifiedAt). Each state change goes through the notifier's own
 * code: the model's event in CloudWatch's documented shape (alarm-events.ts), read by
 * `classifyAlarmEvent` (the 5 minutes of the deciding data point and its Sum as evaluated), then
 * `findApplicationPeriod` over the recent-top-hosts object at send time and `notificationPeriod`:
 * the window, the count and the heaviest hosts are all of the same 5 minutes, `[windowStart,
 * windowEnd)`, and the count is their Sum over the aggregates. Missed floods notify nobody.
 */
export function localNotifications(
  episodes: readonly AlarmEpisode[],
  thresholds: ReadonlyMap<string, number>,
  rows: readonly WindowRow[],
  options: LocalNotificationOptions = {},
): AlarmNotification[] {
  const byApplication = new Map<string, WindowRow[]>();
  const contacts = new Map<string, string>();
  for (const r of rows) {
    const list = byApplication.get(r.applicationName);
    if (list) list.push(r);
    else byApplication.set(r.applicationName, [r]);
    if (r.contact !== null) contacts.set(r.applicationName, r.contact);
  }
  const out: AlarmNotification[] = [];
  for (const e of episodes) {
    if (e.missed || !NOTIFYING.has(e.alarm) || e.applicationName === undefined) continue;
    const alarm = e.alarm as AlarmNotification['alarm'];
    const applicationName = e.applicationName;
    const threshold = thresholds.get(alarm) ?? 0;
    const message = (
      state: 'ALARM' | 'OK',
      trigger: EpisodeWindow | null,
      at: string,
      sent: string,
    ): AlarmNotification | undefined => {
      const event = alarmStateChangeEvent({
        alarm,
        applicationName,
        state,
        at,
        trigger,
        threshold,
        namespace: options.namespace ?? DEFAULT_NAMESPACE,
        query: options.query,
      });
      const classified = classifyAlarmEvent(event);
      if (classified.kind === 'ignored') return undefined;
      const change = classified.change;
      const sentAtMs = Date.parse(sent);
      const found = findApplicationPeriod(
        objectAt(byApplication.get(applicationName) ?? [], sentAtMs),
        applicationName,
        change.windowStart,
        ALARM_PERIOD_SECONDS,
      );
      const period = notificationPeriod(change, found);
      return buildNotification({
        alarm,
        state,
        applicationName,
        contact: contacts.get(applicationName) ?? found?.contact,
        windowStart: period.windowStart,
        requestCount: period.requestCount,
        threshold: change.threshold ?? threshold,
        alarmAt: change.alarmAt ?? at,
        sentAt: sent,
        topHosts: period.topHosts,
      });
    };
    const alarmed =
      e.alarmAt !== null && e.notifiedAt !== null
        ? message('ALARM', e.trigger, e.alarmAt, e.notifiedAt)
        : undefined;
    if (alarmed) out.push(alarmed);
    const recovered =
      e.okAt !== null && e.okNotifiedAt !== null
        ? message('OK', e.okTrigger, e.okAt, e.okNotifiedAt)
        : undefined;
    if (recovered) out.push(recovered);
  }
  return out.sort(
    (a, b) =>
      (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0) ||
      a.alarm.localeCompare(b.alarm) ||
      a.applicationName.localeCompare(b.applicationName),
  );
}

/** notifications.jsonl: one section 6a object per line. */
export function renderNotificationsJsonl(notifications: readonly AlarmNotification[]): string {
  return notifications.map((n) => `${JSON.stringify(n)}\n`).join('');
}

/**
 * "Who to call" lines of the summary: one per application that had an ALARM notification (many
 * episodes stay one line), naming its heaviest 5 minutes, when the owner was notified, the
 * contact and the heaviest hosts.
 */
export function renderWhoToCall(notifications: readonly AlarmNotification[]): string {
  const groups = new Map<string, AlarmNotification[]>();
  for (const n of notifications) {
    if (n.state !== 'ALARM') continue;
    const key = `${n.alarm}|${n.applicationName}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  if (groups.size === 0) return '  nobody: no application crossed its threshold';
  return [...groups.values()]
    .map((all) => {
      const n = all.reduce((a, b) => ((b.requestCount ?? 0) > (a.requestCount ?? 0) ? b : a));
      const when = `${(n.windowStart ?? '?').slice(0, 16).replace('T', ' ')}+${ALARM_PERIOD_SECONDS / 60}min`;
      const sent = `notified ${n.sentAt.slice(0, 16).replace('T', ' ')} UTC`;
      const times = all.length > 1 ? `${all.length} alarms, heaviest ` : '';
      const top = n.topHosts
        .slice(0, 3)
        .map((h) => `${h.host} (${h.requestCount})`)
        .join(', ');
      const who =
        n.contact ??
        (n.alarm === 'UnknownSourceRequests'
          ? 'no owner: block or map the hosts'
          : 'contact unknown');
      return `  ${n.applicationName}: ${times}${n.requestCount ?? '?'} requests in ${when} (> ${n.threshold}), ${sent} → ${who}; heaviest in those 5 min ${top || '—'}`;
    })
    .join('\n');
}
