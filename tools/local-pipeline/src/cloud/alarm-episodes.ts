import type { EvaluatedDatapoint, ZeroLatencyBreach } from '@fleetlog/alarm-model';
import { STATE_CHANGE_TO_NOTIFIED_MS } from '@fleetlog/pipeline-config';

/** The 5 minutes an evaluation named (the period that tripped the alarm, or the newest at OK). */
export interface EpisodeWindow {
  start: string;
  end: string;
  /** Its Sum as the evaluation saw it (only what had arrived). */
  value: number;
}

/**
 * One alarm episode, from ALARM to OK, in the run's timeline (ARCHITECTURE.md section 6b), or a
 * flood that the zero-latency observer saw and the alarm never answered (`missed`).
 */
export interface AlarmEpisode {
  /** The alarm's id. */
  alarm: string;
  /** The application: a contributor of ApplicationFlood, UNKNOWN for UnknownSourceRequests. */
  applicationName?: string;
  /** First minute at which an observer without latency saw the threshold crossed; null if none. */
  breachStart: string | null;
  /** The state change to ALARM (an evaluation minute); null when missed. */
  alarmAt: string | null;
  /** When the owner had the notification: alarmAt + EventBridge + notifier + SNS. */
  notifiedAt: string | null;
  /** The state change back; null while still in ALARM at the end of the run, or when missed. */
  okAt: string | null;
  /** When the OK notification reached the owner. */
  okNotifiedAt: string | null;
  /** notifiedAt − breachStart, seconds; null when either is missing. */
  delaySeconds: number | null;
  /** The flood was seen without latency but the alarm never fired for it. */
  missed: boolean;
  /**
   * A further ALARM for the same flood after an OK in between (a flap), including one the
   * look-back raised after the series went quiet. Its delay is not a detection delay.
   */
  flap: boolean;
  /** The 5 minutes that tripped it. */
  trigger: EpisodeWindow | null;
  /** The newest 5 minutes at the return to OK. */
  okTrigger: EpisodeWindow | null;
}

/** A change of state of one time series (a metric alarm, or one contributor). */
export interface SeriesChange {
  readonly atMs: number;
  readonly to: string;
  readonly trigger?: EvaluatedDatapoint;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function windowOf(point: EvaluatedDatapoint | undefined): EpisodeWindow | null {
  if (point === undefined) return null;
  return { start: iso(point.periodStartMs), end: iso(point.periodEndMs), value: point.value };
}

/**
 * Zero-latency breaches less than `gapMs` apart are one flood: a flood just over the threshold
 * dips under it for a minute without ending. Returns each breach's flood (its first breach).
 */
function floodsOf(breaches: readonly ZeroLatencyBreach[], gapMs: number): number[] {
  const flood: number[] = [];
  breaches.forEach((b, i) => {
    const prev = breaches[i - 1];
    const joined = prev !== undefined && b.breachStartMs - (prev.breachEndMs ?? Infinity) < gapMs;
    flood.push(joined ? flood[i - 1] : i);
  });
  return flood;
}

/**
 * The episodes of one time series: each ALARM with the OK that ends it, then every breach no
 * episode answered as a missed episode. An ALARM answers the breaches its data can still reach,
 * those that had not ended `coverMs` (the evaluation range) before it: its `breachStart` is the
 * earliest of them that began since the previous OK, else the latest of them (the one under way,
 * or one the look-back re-read). Breaches less than `gapMs` (a period) apart are one flood, and
 * a second ALARM for the same flood is a flap.
 */
export function seriesEpisodes(
  alarm: string,
  applicationName: string | undefined,
  changes: readonly SeriesChange[],
  breaches: readonly ZeroLatencyBreach[],
  coverMs: number,
  gapMs: number,
): AlarmEpisode[] {
  const flood = floodsOf(breaches, gapMs);
  const spans: { alarmAtMs: number; okAtMs?: number }[] = [];
  const episodes: AlarmEpisode[] = [];
  let open: { episode: AlarmEpisode; span: { alarmAtMs: number; okAtMs?: number } } | undefined;
  let previousOkMs = -Infinity;
  let previousFlood: number | undefined;
  for (const change of changes) {
    if (change.to === 'ALARM' && open === undefined) {
      const reachable = breaches
        .map((b, i) => ({ b, i }))
        .filter(
          ({ b }) =>
            b.breachStartMs <= change.atMs && (b.breachEndMs ?? Infinity) + coverMs > change.atMs,
        );
      const answered =
        reachable.find(({ b }) => b.breachStartMs > previousOkMs) ?? reachable.at(-1);
      const breachMs = answered?.b.breachStartMs;
      const notifiedMs = change.atMs + STATE_CHANGE_TO_NOTIFIED_MS;
      const episode: AlarmEpisode = {
        alarm,
        ...(applicationName === undefined ? {} : { applicationName }),
        breachStart: breachMs === undefined ? null : iso(breachMs),
        alarmAt: iso(change.atMs),
        notifiedAt: iso(notifiedMs),
        okAt: null,
        okNotifiedAt: null,
        delaySeconds: breachMs === undefined ? null : (notifiedMs - breachMs) / 1000,
        missed: false,
        flap: answered !== undefined && flood[answered.i] === previousFlood,
        trigger: windowOf(change.trigger),
        okTrigger: null,
      };
      previousFlood = answered === undefined ? undefined : flood[answered.i];
      open = { episode, span: { alarmAtMs: change.atMs } };
      episodes.push(episode);
      spans.push(open.span);
    } else if (change.to !== 'ALARM' && open !== undefined) {
      open.episode.okAt = iso(change.atMs);
      open.episode.okNotifiedAt = iso(change.atMs + STATE_CHANGE_TO_NOTIFIED_MS);
      open.episode.okTrigger = windowOf(change.trigger);
      open.span.okAtMs = change.atMs;
      previousOkMs = change.atMs;
      open = undefined;
    }
  }
  for (const breach of breaches) {
    const endMs = (breach.breachEndMs ?? Infinity) + coverMs;
    const covered = spans.some(
      (s) => s.alarmAtMs < endMs && (s.okAtMs ?? Infinity) > breach.breachStartMs,
    );
    if (covered) continue;
    episodes.push({
      alarm,
      ...(applicationName === undefined ? {} : { applicationName }),
      breachStart: iso(breach.breachStartMs),
      alarmAt: null,
      notifiedAt: null,
      okAt: null,
      okNotifiedAt: null,
      delaySeconds: null,
      missed: true,
      flap: false,
      trigger: null,
      okTrigger: null,
    });
  }
  return episodes;
}

/** Episodes in the order of their floods: breachStart (or alarmAt), then alarm and application. */
export function compareEpisodes(a: AlarmEpisode, b: AlarmEpisode): number {
  const ta = a.breachStart ?? a.alarmAt ?? '';
  const tb = b.breachStart ?? b.alarmAt ?? '';
  return (
    (ta < tb ? -1 : ta > tb ? 1 : 0) ||
    (a.alarm < b.alarm ? -1 : a.alarm > b.alarm ? 1 : 0) ||
    ((a.applicationName ?? '') < (b.applicationName ?? '') ? -1 : 0) ||
    ((a.applicationName ?? '') > (b.applicationName ?? '') ? 1 : 0)
  );
}
