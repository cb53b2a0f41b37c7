// What a CloudWatch alarm's state change says about the data point that decided it, as
// documented in "Alarm events and EventBridge"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html):
// - a metric alarm's `state.reasonData` is JSON with `startDate`, `period`, `recentDatapoints`,
//   `threshold` and `evaluatedDatapoints` (`{ timestamp, sampleCount, value }` each); in the
//   documented example (period 300, queryDate 17:04:40) `startDate` and the evaluated data
//   point's `timestamp` are both 16:59:00: a data point's timestamp is the START of the 5 minutes
//   it sums, and periods slide with the evaluation minute (16:59, not 17:00);
// - a Metrics Insights contributor's `state.reason` names "the most recent datapoint which crossed
//   the threshold: [12345.0 (01/12/25 13:35:00)]" (dd/MM/yy HH:mm:ss UTC, the period's start).
// An alarm with EvaluationPeriods 2 and DatapointsToAlarm 1 (fleetlog's) evaluates two periods, and
// either may be the one that breached: the figures are those of one and the same data point.
import { bucketStartMs } from '@fleetlog/pipeline-config';

/** What an alarm's reason tells of the deciding data point; null where it does not say. */
export interface ReasonFigures {
  /** The data point's value (the Sum of requests of its 5 minutes, as the alarm evaluated it). */
  value: number | null;
  /** Start of the period that data point sums, ISO (a whole minute). */
  windowStart: string | null;
  /** The threshold named. */
  threshold: number | null;
}

type Json = Record<string, unknown>;

function noFigures(): ReasonFigures {
  return { value: null, windowStart: null, threshold: null };
}

const minuteIso = (ms: number): string | null =>
  Number.isFinite(ms) ? new Date(bucketStartMs(ms)).toISOString() : null;

/**
 * "[12345.0 (01/12/25 13:34:00), 90.0 (01/12/25 13:29:00)]" in a state reason: values with their
 * period's start, dd/MM/yy HH:mm:ss UTC (see the doc's examples).
 */
const REASON_LIST = /\[([^\]]*)\]/g;
const REASON_DATAPOINT =
  /(-?[\d.]+(?:[eE][-+]?\d+)?)\s*\((\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\)/g;
const REASON_THRESHOLD = /threshold \((-?[\d.]+(?:[eE][-+]?\d+)?)\)/;

/** The data points listed in the first bracket of a reason that lists any. */
function reasonPoints(reason: string): Point[] {
  for (const list of reason.matchAll(REASON_LIST)) {
    const points: Point[] = [];
    for (const d of list[1].matchAll(REASON_DATAPOINT)) {
      const [, value, dd, mm, yy, hh, mi, ss] = d;
      const ms = Date.UTC(
        2000 + Number(yy),
        Number(mm) - 1,
        Number(dd),
        Number(hh),
        Number(mi),
        Number(ss),
      );
      points.push({ ms, value: Number(value) });
    }
    if (points.length > 0) return points;
  }
  return [];
}

/**
 * The deciding data point and the threshold named in a state reason sentence: of the data points
 * it lists, for ALARM the newest above the threshold, else the newest. `state` is the new state.
 */
export function parseStateReason(reason: string | undefined, state?: string): ReasonFigures {
  const out = noFigures();
  if (reason === undefined) return out;
  const t = REASON_THRESHOLD.exec(reason);
  if (t) out.threshold = Number(t[1]);
  const point = deciding(reasonPoints(reason), state, out.threshold);
  if (point) {
    out.value = point.value;
    out.windowStart = minuteIso(point.ms);
  }
  return out;
}

/** "2019-10-01T13:46:00.000+0000" (CloudWatch's offset has no colon) to epoch ms. */
export function cloudWatchDateMs(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

interface Point {
  ms: number;
  value: number;
}

/**
 * The data point a state change speaks of: for ALARM the newest one above the threshold (the
 * 5 minutes that tripped it, as the alarm's state reason names it), else the newest one.
 */
function deciding(points: readonly Point[], state: string | undefined, threshold: number | null) {
  const sorted = [...points].sort((a, b) => a.ms - b.ms);
  if (state === 'ALARM' && threshold !== null) {
    for (let i = sorted.length - 1; i >= 0; i--) if (sorted[i].value > threshold) return sorted[i];
  }
  return sorted.at(-1);
}

/** `evaluatedDatapoints` with a timestamp and a value (a missing data point has no value). */
function evaluatedPoints(data: Json): Point[] {
  const list = Array.isArray(data['evaluatedDatapoints']) ? data['evaluatedDatapoints'] : [];
  const out: Point[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { timestamp, value } = item as Json;
    if (typeof timestamp !== 'string' || typeof value !== 'number') continue;
    const ms = cloudWatchDateMs(timestamp);
    if (Number.isFinite(ms) && Number.isFinite(value)) out.push({ ms, value });
  }
  return out;
}

/** `recentDatapoints`: consecutive periods from `startDate`, oldest first. */
function recentPoints(data: Json): Point[] {
  const values = Array.isArray(data['recentDatapoints'])
    ? data['recentDatapoints'].filter((v): v is number => typeof v === 'number')
    : [];
  const start = typeof data['startDate'] === 'string' ? cloudWatchDateMs(data['startDate']) : NaN;
  const period = typeof data['period'] === 'number' ? data['period'] : 0;
  return values.map((value, i) => ({ ms: start + i * period * 1000, value }));
}

/**
 * The deciding data point (its period's start and its value) and the threshold of a metric alarm's
 * `reasonData` JSON: from `evaluatedDatapoints`, whose timestamps say which 5 minutes each one
 * sums, else from `recentDatapoints` counted from `startDate`. `state` is the new state (for
 * ALARM the newest breaching data point is the one that tripped it).
 */
export function parseReasonData(reasonData: string | undefined, state?: string): ReasonFigures {
  const out = noFigures();
  if (reasonData === undefined) return out;
  let data: unknown;
  try {
    data = JSON.parse(reasonData);
  } catch {
    return out;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return out;
  const json = data as Json;
  if (typeof json['threshold'] === 'number') out.threshold = json['threshold'];
  const evaluated = evaluatedPoints(json);
  const point = deciding(
    evaluated.length > 0 ? evaluated : recentPoints(json),
    state,
    out.threshold,
  );
  if (point) {
    out.value = point.value;
    out.windowStart = minuteIso(point.ms);
  }
  return out;
}
