import {
  ALARM_PERIOD_SECONDS,
  BUCKET_SECONDS,
  TUMBLING_WINDOW_SECONDS,
} from '@fleetlog/pipeline-config';
import type { DemoScenario } from './scenario';

// Simulated time of a demo run: it advances one segment (at most one minute, a tumbling window)
// at a time; the aggregator counts the segment's lines per one-minute bucket of their own time,
// and the segment's windows close at its end (ARCHITECTURE.md section 6b).

export const MINUTE = 60_000;
/** One event-time bucket: a minute. */
export const BUCKET_MS = BUCKET_SECONDS * 1000;
/** The alarms' and dashboards' period (5 minutes). */
export const PERIOD_MS = ALARM_PERIOD_SECONDS * 1000;
/** The aggregator's tumbling window (a minute): the longest segment. */
export const WINDOW_MS = TUMBLING_WINDOW_SECONDS * 1000;

/** End of simulated time. */
export function endMsOf(s: DemoScenario): number {
  return s.startMs + s.durationMinutes * MINUTE;
}

/** Segment starts: every minute (a tumbling window) and every scale step, up to the end. */
export function segmentBoundaries(s: DemoScenario): number[] {
  const endMs = endMsOf(s);
  const points = new Set<number>([endMs]);
  for (let t = s.startMs; t < endMs; t += WINDOW_MS) points.add(t);
  for (const step of s.scalePlan) points.add(s.startMs + step.atMinute * MINUTE);
  return [...points].sort((x, y) => x - y);
}

/** HH:MM (UTC) of a simulated time, for progress notes. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
