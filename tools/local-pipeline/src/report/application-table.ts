import { UNKNOWN_APPLICATION, type AlarmNotification } from '@fleetlog/pipeline-config';
import type { RunTotals } from './run-summary';

/** One line of the dashboard's per-application table. */
export interface ApplicationRow {
  applicationName: string;
  requests: number;
  /** Share of all requests of the run, 0..1. */
  share: number;
  contact: string | null;
  /** ALARM when the application's alarm fired at least once in the run. */
  state: 'ALARM' | 'OK';
  /** When its alarm fired (each ALARM notification's alarmAt, ISO): the floods to mark. */
  floodWindows: string[];
  /** Its alarm's threshold: ApplicationFlood's, or UnknownSourceRequests' for UNKNOWN. */
  threshold: number;
}

/**
 * Requests, share, contact and alarm state per application, heaviest first (UNKNOWN last, as in
 * the chart). The alarm windows come from the notifications, so the table and
 * notifications.jsonl cannot disagree.
 */
export function applicationRows(
  totals: RunTotals,
  floodThreshold: number,
  notifications: readonly AlarmNotification[],
  unknownThreshold: number,
): ApplicationRow[] {
  const requests = new Map<string, number>();
  const contacts = new Map<string, string>();
  for (const r of totals.rows) {
    requests.set(r.applicationName, (requests.get(r.applicationName) ?? 0) + r.requestCount);
    if (r.contact !== null) contacts.set(r.applicationName, r.contact);
  }
  const windows = new Map<string, string[]>();
  for (const n of notifications) {
    if (n.state !== 'ALARM' || n.alarmAt === null) continue;
    windows.set(n.applicationName, [...(windows.get(n.applicationName) ?? []), n.alarmAt]);
  }
  return totals.applications.map((applicationName) => {
    const count = requests.get(applicationName) ?? 0;
    const floodWindows = windows.get(applicationName) ?? [];
    return {
      applicationName,
      requests: count,
      share: totals.requests > 0 ? count / totals.requests : 0,
      contact:
        applicationName === UNKNOWN_APPLICATION ? null : (contacts.get(applicationName) ?? null),
      state: floodWindows.length > 0 ? 'ALARM' : 'OK',
      floodWindows,
      threshold: applicationName === UNKNOWN_APPLICATION ? unknownThreshold : floodThreshold,
    };
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The table as static HTML (every value escaped), so it reads without the page script. A flooding
 * application's row is marked (class `flood`, a "flood" badge and the windows).
 */
export function renderApplicationTable(rows: readonly ApplicationRow[]): string {
  const body = rows
    .map((r) => {
      const flood =
        r.floodWindows.length > 0
          ? ` <span class="badge">flood</span> ${escape(alarmTimes(r.floodWindows))}`
          : '';
      const contact =
        r.contact ??
        (r.applicationName === UNKNOWN_APPLICATION ? 'none: block or map the hosts' : 'unknown');
      return (
        `<tr data-application="${escape(r.applicationName)}"${r.floodWindows.length > 0 ? ' class="flood"' : ''}>` +
        `<td>${escape(r.applicationName)}</td>` +
        `<td class="num">${r.requests.toLocaleString('en-US')}</td>` +
        `<td class="num">${(r.share * 100).toFixed(1)}%</td>` +
        `<td>${escape(contact)}</td>` +
        `<td class="${r.state}">${r.state}${flood}</td>` +
        `<td class="num">${r.threshold.toLocaleString('en-US')}</td></tr>`
      );
    })
    .join('\n');
  return `<h2>Applications: who to call</h2>
<table id="applications"><thead><tr><th>Application</th><th>Requests (whole run)</th><th>Share (whole run)</th><th>Contact</th><th>Alarm state</th><th>Threshold / 5 min</th></tr></thead><tbody>
${body}
</tbody></table>`;
}

/** Times shown in a cell: at most this many, then a count, so a cell stays one or two lines. */
const SHOWN_TIMES = 3;

/** "fired 2026-12-05 10:07, 11:42 UTC (+9 more)": dated, bounded. */
function alarmTimes(times: readonly string[]): string {
  const shown = times.slice(0, SHOWN_TIMES).map((t, i) => {
    const day = t.slice(0, 10);
    return i === 0 || day !== times[i - 1].slice(0, 10)
      ? `${day} ${t.slice(11, 16)}`
      : t.slice(11, 16);
  });
  const more = times.length > SHOWN_TIMES ? ` (+${times.length - SHOWN_TIMES} more)` : '';
  return `fired ${shown.join(', ')} UTC${more}`;
}

/** Styles of the table, added to the page's own. */
export const APPLICATION_TABLE_CSS =
  'tr.flood td { background: #fdecee; } .badge { background: #b00020; color: #fff; border-radius: 3px; padding: 0 4px; font-size: 12px; }';
