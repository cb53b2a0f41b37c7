import type { TopHost } from '@fleetlog/log-schema';
import { ALARM_PERIOD_SECONDS, type AlarmNotification } from '@fleetlog/pipeline-config';
import type { AlarmEvaluation } from './alarm-evaluator';
import { buildNotification } from './app-handlers';
import type { ApplicationFloodEvaluation } from './flood-evaluator';

/** What the notifier reads of one (minute, application) total (a run summary's BucketRow). */
export interface WindowRow {
  windowStart: string;
  applicationName: string;
  contact: string | null;
  topHosts: TopHost[];
}

/**
 * The notifications a deployed fleetlog would have sent for this run, as the notifier builds
 * them (ARCHITECTURE.md section 6a): for each alarm episode, ALARM at its first period and OK at the first
 * period after it, each with the contact and the heaviest hosts of that period's 5 minutes,
 * summed over their one-minute rows of the aggregates. UnknownSourceRequests speaks for UNKNOWN,
 * ApplicationFlood for each contributor. `alarmAt` is the state change in the run's clock and
 * `sentAt` when the notifier would publish it.
 */
export function localNotifications(
  alarms: readonly AlarmEvaluation[],
  flood: ApplicationFloodEvaluation,
  rows: readonly WindowRow[],
): AlarmNotification[] {
  const periodMs = ALARM_PERIOD_SECONDS * 1000;
  // The minute rows of each (5-minute period, application), their hosts summed.
  const byKey = new Map<string, { contact: string | null; hosts: Map<string, number> }>();
  for (const r of rows) {
    const ms = Date.parse(r.windowStart);
    const period = new Date(Math.floor(ms / periodMs) * periodMs).toISOString();
    const key = `${period}|${r.applicationName}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { contact: r.contact, hosts: new Map() }));
    if (entry.contact === null) entry.contact = r.contact;
    for (const h of r.topHosts)
      entry.hosts.set(h.host, (entry.hosts.get(h.host) ?? 0) + h.requestCount);
  }
  const contacts = new Map<string, string>();
  for (const r of rows) if (r.contact !== null) contacts.set(r.applicationName, r.contact);

  const out: AlarmNotification[] = [];
  const episodesOf = (
    alarm: AlarmNotification['alarm'],
    applicationName: string,
    evaluation: AlarmEvaluation,
  ): void => {
    const sums = new Map(evaluation.datapoints.map((d) => [d.periodStart, d.value]));
    for (const episode of evaluation.episodes) {
      for (const [state, windowStart, at] of [
        ['ALARM', episode.start, episode.alarmAt],
        ['OK', episode.end, episode.okAt],
      ] as const) {
        const row = byKey.get(`${windowStart}|${applicationName}`);
        out.push(
          buildNotification({
            alarm,
            state,
            applicationName,
            contact: row?.contact ?? contacts.get(applicationName),
            windowStart,
            // A window without data is a zero to CloudWatch (missing = not breaching).
            requestCount: sums.get(windowStart) ?? 0,
            threshold: evaluation.threshold,
            alarmAt: at,
            sentAt: at,
            topHosts: row
              ? [...row.hosts].map(([host, requestCount]) => ({ host, requestCount }))
              : undefined,
          }),
        );
      }
    }
  };
  for (const alarm of alarms) {
    const app = alarm.dimensions['ApplicationName'];
    if (alarm.id === 'UnknownSourceRequests' && app !== undefined)
      episodesOf('UnknownSourceRequests', app, alarm);
  }
  for (const c of flood.contributors)
    episodesOf('ApplicationFlood', c.applicationName, c.evaluation);
  return out.sort(
    (a, b) =>
      (a.windowStart ?? '').localeCompare(b.windowStart ?? '') ||
      a.alarm.localeCompare(b.alarm) ||
      a.applicationName.localeCompare(b.applicationName),
  );
}

/** notifications.jsonl: one section 6a object per line. */
export function renderNotificationsJsonl(notifications: readonly AlarmNotification[]): string {
  return notifications.map((n) => `${JSON.stringify(n)}\n`).join('');
}

/** "Who to call" lines of the summary: one per ALARM notification. */
export function renderWhoToCall(notifications: readonly AlarmNotification[]): string {
  const alarms = notifications.filter((n) => n.state === 'ALARM');
  if (alarms.length === 0) return '  nobody: no application crossed its threshold';
  return alarms
    .map((n) => {
      const when = `${(n.windowStart ?? '?').slice(0, 16).replace('T', ' ')}+${ALARM_PERIOD_SECONDS / 60}min`;
      const top = n.topHosts
        .slice(0, 3)
        .map((h) => `${h.host} (${h.requestCount})`)
        .join(', ');
      const who =
        n.contact ??
        (n.alarm === 'UnknownSourceRequests'
          ? 'no owner: block or map the hosts'
          : 'contact unknown');
      return `  ${n.applicationName}: ${n.requestCount ?? '?'} requests in ${when} (> ${n.threshold}) → ${who}; heaviest ${top || '—'}`;
    })
    .join('\n');
}
