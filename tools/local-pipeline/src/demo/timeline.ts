import { ALARM_PERIOD_SECONDS, BUCKET_SECONDS } from '@fleetlog/pipeline-config';
import type { DemoScenario } from './scenario';

// Simulated time of a demo run: it advances one segment (at most one alarm period, 5 minutes) at
// a time; the aggregator counts the segment's lines per one-minute bucket of their own time.

export const MINUTE = 60_000;
/** One event-time bucket: a minute. */
export const BUCKET_MS = BUCKET_SECONDS * 1000;
/** The alarms' and dashboards' period (5 minutes): the longest segment. */
export const PERIOD_MS = ALARM_PERIOD_SECONDS * 1000;

/** End of simulated time. */
export function endMsOf(s: DemoScenario): number {
  return s.startMs + s.durationMinutes * MINUTE;
}

/** Segment starts: every period boundary and every scale step, up to the end. */
export function segmentBoundaries(s: DemoScenario): number[] {
  const endMs = endMsOf(s);
  const points = new Set<number>([endMs]);
  for (let t = s.startMs; t < endMs; t += PERIOD_MS) points.add(t);
  for (const step of s.scalePlan) points.add(s.startMs + step.atMinute * MINUTE);
  return [...points].sort((x, y) => x - y);
}

/** HH:MM (UTC) of a simulated time, for progress notes. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
