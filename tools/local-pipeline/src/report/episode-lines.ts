import type { AlarmEpisode } from '../cloud/alarm-episodes';
import type { AlarmReport } from '../cloud/alarm-timeline';
import type { EpisodeStats } from './episode-stats';

/** Episodes the printed summary lists one per line before it only counts them. */
export const LISTED_EPISODES = 10;

/** "2026-12-05 10:07:20" (UTC), or "—". Every time printed carries its date. */
export function formatWhen(iso: string | null): string {
  return iso === null ? '—' : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** "+1m20s" for 80 seconds; "?" when unknown. */
export function formatDelay(seconds: number | null): string {
  if (seconds === null) return '?';
  const sign = seconds < 0 ? '-' : '+';
  const s = Math.round(Math.abs(seconds));
  return `${sign}${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function episodeLine(e: AlarmEpisode): string {
  const who = e.applicationName === undefined ? '' : `${e.applicationName}: `;
  if (e.missed)
    return `    ${who}flood began ${formatWhen(e.breachStart)}: MISSED, the alarm never fired`;
  const flap = e.flap ? ' (again: a flap)' : '';
  return (
    `    ${who}began ${formatWhen(e.breachStart)}, alarm ${formatWhen(e.alarmAt)}, ` +
    `notified ${formatWhen(e.notifiedAt)} (${formatDelay(e.delaySeconds)}), ` +
    `OK ${e.okAt === null ? 'not by the end of the run' : formatWhen(e.okAt)}${flap}`
  );
}

/**
 * The alarms part of the printed summary: for each alarm, each flood with when it began
 * (breachStart), when the alarm fired, when the owner was notified and the delay, and when it
 * returned to OK; past LISTED_EPISODES in all, a count per alarm instead, and one closing line
 * with the figures (ARCHITECTURE.md section 6b).
 */
export function renderEpisodeLines(
  alarms: readonly AlarmReport[],
  episodes: readonly AlarmEpisode[],
  stats: EpisodeStats,
): string {
  const out: string[] = [];
  let listed = 0;
  for (const alarm of alarms) {
    const own = episodes.filter((e) => e.alarm === alarm.id);
    const head = `  ${alarm.id} (> ${alarm.threshold.toLocaleString('en-US')} in ${alarm.periodSeconds / 60} min)`;
    if (own.length === 0) {
      out.push(`${head}: OK, never fired`);
      continue;
    }
    const fired = own.filter((e) => !e.missed).length;
    out.push(
      `${head}: ${fired} episode(s)${own.length > fired ? `, ${own.length - fired} missed` : ''}`,
    );
    const room = Math.max(0, LISTED_EPISODES - listed);
    for (const e of own.slice(0, room)) out.push(episodeLine(e));
    listed += Math.min(room, own.length);
    if (own.length > room)
      out.push(`    … ${own.length - room} more (alarms.json, dashboard.html)`);
  }
  const delay =
    stats.fired === 0
      ? 'no alarm fired'
      : `delay breach → notified: median ${formatDelay(stats.medianDelaySeconds)}, worst ${formatDelay(stats.worstDelaySeconds)}`;
  out.push(
    `  ${stats.fired} episode(s), ${delay}; ${stats.missed} missed, ${stats.flaps} flap(s), ` +
      `${stats.tooLateToAlarm} data point(s) too late to alarm`,
  );
  return out.join('\n');
}
