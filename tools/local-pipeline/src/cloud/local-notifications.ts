import type { TopHost } from '@fleetlog/log-schema';
import { ALARM_PERIOD_SECONDS, type AlarmNotification } from '@fleetlog/pipeline-config';
import type { AlarmEpisode, EpisodeWindow } from './alarm-episodes';
import { buildNotification } from './app-handlers';

/** What the notifier reads of one (minute, application) total (a run summary's BucketRow). */
export interface WindowRow {
  windowStart: string;
  applicationName: string;
  contact: string | null;
  topHosts: TopHost[];
}

/** The alarms that notify an owner (ARCHITECTURE.md section 6a). */
const NOTIFYING = new Set<string>(['UnknownSourceRequests', 'ApplicationFlood']);

/**
 * The notifications a deployed fleetlog would have sent for this run, as the notifier builds
 * them (ARCHITECTURE.md section 6a), from the alarm model's transitions: one ALARM per application
 * per episode and one OK when the episode ended, each with `alarmAt` the model's state change,
 * `sentAt` when the owner had it (notifiedAt), the 5 minutes the evaluation named with their
 * Sum, the contact and the heaviest hosts of those 5 minutes, summed over their one-minute rows
 * of the aggregates. Missed floods notify nobody.
 */
export function localNotifications(
  episodes: readonly AlarmEpisode[],
  thresholds: ReadonlyMap<string, number>,
  rows: readonly WindowRow[],
): AlarmNotification[] {
  const byApplication = new Map<string, WindowRow[]>();
  const contacts = new Map<string, string>();
  for (const r of rows) {
    const list = byApplication.get(r.applicationName);
    if (list) list.push(r);
    else byApplication.set(r.applicationName, [r]);
    if (r.contact !== null) contacts.set(r.applicationName, r.contact);
  }
  const hostsOf = (application: string, window: EpisodeWindow | null): TopHost[] | undefined => {
    if (window === null) return undefined;
    const hosts = new Map<string, number>();
    for (const r of byApplication.get(application) ?? []) {
      if (r.windowStart < window.start || r.windowStart >= window.end) continue;
      for (const h of r.topHosts) hosts.set(h.host, (hosts.get(h.host) ?? 0) + h.requestCount);
    }
    return [...hosts].map(([host, requestCount]) => ({ host, requestCount }));
  };
  const out: AlarmNotification[] = [];
  for (const e of episodes) {
    if (e.missed || !NOTIFYING.has(e.alarm) || e.applicationName === undefined) continue;
    const alarm = e.alarm as AlarmNotification['alarm'];
    const applicationName = e.applicationName;
    const message = (
      state: 'ALARM' | 'OK',
      window: EpisodeWindow | null,
      at: string,
      sent: string,
    ): AlarmNotification =>
      buildNotification({
        alarm,
        state,
        applicationName,
        contact: contacts.get(applicationName),
        windowStart: window?.start ?? null,
        // A period without data is a zero to CloudWatch (missing = not breaching).
        requestCount: window?.value ?? 0,
        threshold: thresholds.get(alarm) ?? 0,
        alarmAt: at,
        sentAt: sent,
        topHosts: hostsOf(applicationName, window),
      });
    if (e.alarmAt !== null && e.notifiedAt !== null)
      out.push(message('ALARM', e.trigger, e.alarmAt, e.notifiedAt));
    if (e.okAt !== null && e.okNotifiedAt !== null)
      out.push(message('OK', e.okTrigger, e.okAt, e.okNotifiedAt));
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
      return `  ${n.applicationName}: ${times}${n.requestCount ?? '?'} requests in ${when} (> ${n.threshold}), ${sent} → ${who}; heaviest ${top || '—'}`;
    })
    .join('\n');
}
