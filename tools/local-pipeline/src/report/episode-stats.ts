import type { AlarmNotification } from '@fleetlog/pipeline-config';
import type { AlarmEpisode } from '../cloud/alarm-episodes';

/** A run's alarm episodes in figures (ARCHITECTURE.md sections 6b and 8). */
export interface EpisodeStats {
  /** Episodes in which an alarm fired. */
  fired: number;
  /** Floods the zero-latency observer saw that no alarm answered. */
  missed: number;
  /** Further ALARMs inside one flood after an OK (budget 0). */
  flaps: number;
  /** Median of notifiedAt − breachStart over the fired episodes but flaps, seconds; null if none. */
  medianDelaySeconds: number | null;
  /** Worst notifiedAt − breachStart, seconds; null if none. */
  worstDelaySeconds: number | null;
  /** Fired episodes with no breachStart, or one after alarmAt (there must be none). */
  inconsistent: number;
  /** The most ALARM notifications one application received for one flood (budget 1). */
  maxNotificationsPerFlood: number;
  /** Data points that reached CloudWatch too late to alarm. */
  tooLateToAlarm: number;
}

/** Median of sorted numbers (the mean of the middle two for an even count). */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The figures of a run's episodes. A flood is one (alarm, application, breachStart); its ALARM
 * notifications are those whose `alarmAt` is the `alarmAt` of one of its episodes.
 */
export function summarizeEpisodes(
  episodes: readonly AlarmEpisode[],
  notifications: readonly AlarmNotification[],
  tooLateToAlarm: number,
): EpisodeStats {
  const fired = episodes.filter((e) => !e.missed);
  // A flap's delay measures the flap, not the detection of its flood.
  const delays = fired
    .filter((e) => !e.flap)
    .map((e) => e.delaySeconds)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  const floodOf = new Map<string, string>();
  for (const e of fired)
    floodOf.set(`${e.alarm}|${e.applicationName}|${e.alarmAt}`, `${e.breachStart ?? e.alarmAt}`);
  const perFlood = new Map<string, number>();
  for (const n of notifications) {
    if (n.state !== 'ALARM') continue;
    const flood = floodOf.get(`${n.alarm}|${n.applicationName}|${n.alarmAt}`) ?? n.alarmAt;
    const key = `${n.alarm}|${n.applicationName}|${flood}`;
    perFlood.set(key, (perFlood.get(key) ?? 0) + 1);
  }
  return {
    fired: fired.length,
    missed: episodes.length - fired.length,
    flaps: fired.filter((e) => e.flap).length,
    medianDelaySeconds: median(delays),
    worstDelaySeconds: delays.at(-1) ?? null,
    inconsistent: fired.filter(
      (e) => e.breachStart === null || (e.alarmAt !== null && e.alarmAt < e.breachStart),
    ).length,
    maxNotificationsPerFlood: Math.max(0, ...perFlood.values()),
    tooLateToAlarm,
  };
}
