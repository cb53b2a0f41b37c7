/**
 * What an observer without latency would have seen: at each whole minute B, the Sum of all data
 * points with a timestamp in `[B - period, B)` compared with the threshold, whenever the data
 * reached CloudWatch. The start of each run of such minutes is a `breachStart` (ARCHITECTURE.md
 * section 6b), the reference from which the delay of an alarm is measured.
 */
import { breaches, normalizeRule, type AlarmRule } from './rule';
import { evaluationInstants, type EvaluationSchedule } from './schedule';
import type { ArrivedDatapoint } from './series-index';

/** A run of consecutive minutes over which the zero-latency comparison held. */
export interface ZeroLatencyBreach {
  /** The first minute B at which the Sum over `[B - period, B)` breached, epoch ms. */
  readonly breachStartMs: number;
  /**
   * The first minute after it at which it no longer did; absent if it still did at the schedule's
   * last minute.
   */
  readonly breachEndMs?: number;
}

/**
 * The runs of minutes of the schedule at which the Sum over the preceding period breached the
 * rule's threshold, with every data point counted at once (arrival times ignored). A period
 * without any data point never breaches here, whatever the rule's missing-data treatment: the
 * reference is what the data said, not what the alarm fills in. Only `periodSeconds`,
 * `threshold` and `comparison` of the rule are used.
 */
export function zeroLatencyBreaches(
  rule: AlarmRule,
  datapoints: readonly Pick<ArrivedDatapoint, 'timestampMs' | 'value'>[],
  schedule: EvaluationSchedule,
): ZeroLatencyBreach[] {
  const normalized = normalizeRule(rule);
  // One sum per distinct timestamp, partials added in their given order.
  const sorted = datapoints.slice().sort((a, b) => a.timestampMs - b.timestampMs);
  const times: number[] = [];
  const sums: number[] = [];
  for (const point of sorted) {
    if (!Number.isFinite(point.timestampMs) || !Number.isFinite(point.value)) {
      throw new RangeError(
        `data point with a non-finite field: ${point.timestampMs}, ${point.value}`,
      );
    }
    if (times.at(-1) === point.timestampMs) sums[sums.length - 1] += point.value;
    else {
      times.push(point.timestampMs);
      sums.push(point.value);
    }
  }
  const result: ZeroLatencyBreach[] = [];
  let open: number | undefined;
  let lo = 0;
  let hi = 0;
  for (const minute of evaluationInstants(schedule)) {
    while (lo < times.length && times[lo] < minute - normalized.periodMs) lo++;
    while (hi < times.length && times[hi] < minute) hi++;
    let breaching = false;
    if (hi > lo) {
      let sum = 0;
      for (let i = lo; i < hi; i++) sum += sums[i];
      breaching = breaches(normalized, sum);
    }
    if (breaching && open === undefined) open = minute;
    if (!breaching && open !== undefined) {
      result.push({ breachStartMs: open, breachEndMs: minute });
      open = undefined;
    }
  }
  if (open !== undefined) result.push({ breachStartMs: open });
  return result;
}

/**
 * The `breachStart` of an alarm episode: the start of the earliest zero-latency breach that began
 * after the previous return to OK (`sinceMs`, exclusive) and at or before the alarm fired
 * (`alarmAtMs`); if none began in that span, the start of the breach still under way at
 * `alarmAtMs`; else undefined (the alarm fired on something else, such as missing data treated as
 * breaching).
 */
export function episodeBreachStart(
  breaches: readonly ZeroLatencyBreach[],
  alarmAtMs: number,
  sinceMs = -Infinity,
): number | undefined {
  const began = breaches.find((b) => b.breachStartMs > sinceMs && b.breachStartMs <= alarmAtMs);
  if (began) return began.breachStartMs;
  const ongoing = breaches.find(
    (b) =>
      b.breachStartMs <= alarmAtMs && (b.breachEndMs === undefined || b.breachEndMs > alarmAtMs),
  );
  return ongoing?.breachStartMs;
}
