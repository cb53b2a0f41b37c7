import type { AlarmNotification } from '@fleetlog/pipeline-config';
import type { AlarmEpisode } from '../cloud/alarm-episodes';
import type { AlarmReport } from '../cloud/alarm-timeline';
import { formatDelay, formatWhen } from './episode-lines';

/** One alarm band of the chart, in the run's clock (ARCHITECTURE.md section 6b). */
export interface AlarmArea {
  /** The alarm (and application, for a contributor): the band's group. */
  name: string;
  /** breachStart: where the detection delay begins (null when unknown). */
  breachStartMs: number | null;
  /** alarmAt .. okAt (or the end of the run). */
  startMs: number;
  endMs: number;
  /** notifiedAt − breachStart, seconds. */
  delaySeconds: number | null;
  /** Whether the band carries its label: the first of its group, or every band when few. */
  labelled: boolean;
}

/** One line of the page's alarm table: an alarm, or one contributor of ApplicationFlood. */
export interface AlarmTableRow {
  id: string;
  /** ALARM if the run ended in ALARM, FIRED if it fired and recovered, else OK. */
  state: 'ALARM' | 'FIRED' | 'OK';
  threshold: number;
  /** A bounded, dated account of its episodes. */
  episodes: string;
  /**
   * From the alarm to the lines: the drill-down of its latest ALARM notification (the
   * `fleetlog query` command over `out/archive`); null when it never notified.
   */
  drillDown: string | null;
}

/** Bands with a label each up to this many; beyond, one label per group. */
const LABEL_ALL_UP_TO = 8;
/** Episodes listed in a table cell before the rest are summarised. */
const LISTED = 3;

const nameOf = (e: AlarmEpisode): string =>
  e.applicationName === undefined || e.alarm !== 'ApplicationFlood'
    ? e.alarm
    : `${e.alarm} · ${e.applicationName}`;

/** The chart's bands: each fired episode from ALARM to OK, its detection delay before it. */
export function alarmAreas(episodes: readonly AlarmEpisode[], runEndMs: number): AlarmArea[] {
  const fired = episodes.filter((e) => e.alarmAt !== null);
  const seen = new Set<string>();
  return fired.map((e) => {
    const name = nameOf(e);
    const first = !seen.has(name);
    seen.add(name);
    const startMs = Date.parse(e.alarmAt as string);
    return {
      name,
      breachStartMs: e.breachStart === null ? null : Date.parse(e.breachStart),
      startMs,
      endMs: e.okAt === null ? Math.max(runEndMs, startMs) : Date.parse(e.okAt),
      delaySeconds: e.delaySeconds,
      labelled: fired.length <= LABEL_ALL_UP_TO || first,
    };
  });
}

/**
 * The alarm table: one row per alarm, and per application of ApplicationFlood that fired, each
 * cell bounded (the first episodes dated, then a count, the median and worst delay, missed).
 */
export function alarmTableRows(
  alarms: readonly AlarmReport[],
  episodes: readonly AlarmEpisode[],
  fleet: boolean,
  notifications: readonly AlarmNotification[] = [],
): AlarmTableRow[] {
  const rows: AlarmTableRow[] = [];
  for (const alarm of alarms) {
    if (!fleet && alarm.id === 'LifecycleSyncFailures') continue;
    const own = episodes.filter((e) => e.alarm === alarm.id);
    const names = [...new Set(own.map(nameOf))].sort();
    if (names.length === 0) names.push(alarm.id);
    for (const id of names) {
      const mine = own.filter((e) => nameOf(e) === id);
      const fired = mine.filter((e) => !e.missed);
      const last = fired.at(-1);
      rows.push({
        id,
        state: last === undefined ? 'OK' : last.okAt === null ? 'ALARM' : 'FIRED',
        threshold: alarm.threshold,
        episodes: describeEpisodes(fired, mine.length - fired.length),
        drillDown: latestDrillDown(notifications, alarm.id, mine[0]),
      });
    }
  }
  return rows;
}

/** The drill-down of the latest ALARM notification of this alarm (and application). */
function latestDrillDown(
  notifications: readonly AlarmNotification[],
  alarmId: string,
  episode: AlarmEpisode | undefined,
): string | null {
  const sent = notifications.filter(
    (n) =>
      n.state === 'ALARM' &&
      n.alarm === alarmId &&
      (alarmId !== 'ApplicationFlood' || n.applicationName === episode?.applicationName),
  );
  return sent.at(-1)?.drillDown ?? null;
}

function describeEpisodes(fired: readonly AlarmEpisode[], missed: number): string {
  const parts: string[] = [];
  if (fired.length === 0) parts.push('never fired');
  else {
    const listed = fired
      .slice(0, LISTED)
      .map((e) => `${formatWhen(e.alarmAt)} (${formatDelay(e.delaySeconds)})`);
    parts.push(`${fired.length}×: ${listed.join(', ')}${fired.length > LISTED ? ', …' : ''}`);
    const delays = fired
      .map((e) => e.delaySeconds)
      .filter((d): d is number => d !== null)
      .sort((a, b) => a - b);
    if (fired.length > LISTED && delays.length > 0)
      parts.push(
        `delay median ${formatDelay(delays[delays.length >> 1])}, worst ${formatDelay(delays.at(-1) ?? null)}`,
      );
  }
  if (missed > 0) parts.push(`${missed} missed`);
  return parts.join('; ');
}
