import {
  EVALUATION_INTERVAL_MS,
  evaluateAlarm,
  evaluateContributorAlarm,
  zeroLatencyBreaches,
  type AlarmRule,
  type ArrivedDatapoint,
  type ContributorDatapoint,
} from '@fleetlog/alarm-model';
import type { ApplicationFloodDefinition, MetricAlarmDefinition } from '@fleetlog/pipeline-config';
import { contributorDatapoints, metricDatapoints, type RecordedMetrics } from './alarm-datapoints';
import { compareEpisodes, seriesEpisodes, type AlarmEpisode } from './alarm-episodes';

/** One alarm as alarms.json reports it: its definition and what reached it. */
export interface AlarmReport {
  id: string;
  description: string;
  metricName: string;
  /** A metric alarm's dimensions; absent for ApplicationFlood (its query groups them). */
  dimensions?: Record<string, string>;
  /** ApplicationFlood's Metrics Insights query. */
  query?: string;
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: string;
  /** Periods CloudWatch is modelled to read back (the evaluation range). */
  evaluationRangePeriods: number;
  /** Data points it read (partials included). */
  datapoints: number;
  /** ApplicationFlood: the applications the query returned at some point. */
  contributors?: string[];
  /**
   * Data points that reached CloudWatch after their minute had left every evaluation range: still
   * counted in their minute's totals and published, but they cannot raise the alarm.
   */
  tooLateToAlarm: number;
}

/** Every alarm of a run, evaluated every minute over what had arrived (ARCHITECTURE.md 6b). */
export interface AlarmTimeline {
  alarms: AlarmReport[];
  /** Every episode of every alarm (and each missed flood), in the order of their floods. */
  episodes: AlarmEpisode[];
  /** Sum of the alarms' `tooLateToAlarm`. */
  tooLateToAlarm: number;
}

/**
 * The evaluation range, in periods: the alarm model's default (`evaluationPeriods + 2`, the
 * conservative reading of libs/alarm-model/README.md "Where the docs are silent").
 */
function rangePeriods(rule: AlarmRule): number {
  return rule.evaluationPeriods + 2;
}

/**
 * Evaluates the shared alarm definitions with `@fleetlog/alarm-model` over the data points as
 * they reached CloudWatch: the metric alarms one series each, ApplicationFlood one contributor
 * per application (UNKNOWN excluded, as its query does). Each alarm is evaluated every minute of
 * the spans of the run's timeline where it had data (a span ends once every data point has left
 * the evaluation range, when the alarm is OK again), so a log that jumps a year costs nothing.
 *
 * The run ends at the first whole minute after the last arrival: the log (or the demo) ends
 * there, not the traffic, so nothing is evaluated after it (the look-back to the last real data
 * points would otherwise re-read the floods of a series that merely stopped being recorded). An
 * episode still in ALARM then has no okAt.
 */
export function evaluateAlarmTimeline(
  recorded: RecordedMetrics,
  namespace: string,
  alarms: readonly MetricAlarmDefinition[],
  flood: ApplicationFloodDefinition,
): AlarmTimeline {
  let lastArrival = -Infinity;
  for (const t of recorded.arrivals) if (t > lastArrival) lastArrival = t;
  const runEndMs = Math.ceil(lastArrival / EVALUATION_INTERVAL_MS) * EVALUATION_INTERVAL_MS;
  const reports: AlarmReport[] = [];
  const episodes: AlarmEpisode[] = [];
  for (const alarm of alarms) {
    const points = metricDatapoints(recorded, namespace, alarm.metricName, alarm.dimensions);
    const application = alarm.dimensions['ApplicationName'];
    episodes.push(...metricEpisodes(alarm, application, points, runEndMs));
    reports.push({
      ...reportOf(alarm, points),
      metricName: alarm.metricName,
      dimensions: { ...alarm.dimensions },
    });
  }
  const perApplication = contributorDatapoints(recorded, namespace, flood);
  episodes.push(...floodEpisodes(flood, perApplication, runEndMs));
  reports.push({
    ...reportOf(flood, perApplication),
    metricName: flood.metricName,
    query: flood.query,
    contributors: [...new Set(perApplication.map((p) => p.contributor))].sort(),
  });
  return {
    alarms: reports,
    episodes: episodes.sort(compareEpisodes),
    tooLateToAlarm: reports.reduce((n, r) => n + r.tooLateToAlarm, 0),
  };
}

function reportOf(
  def: MetricAlarmDefinition | ApplicationFloodDefinition,
  points: readonly ArrivedDatapoint[],
): Omit<AlarmReport, 'metricName'> {
  return {
    id: def.id,
    description: def.description,
    threshold: def.threshold,
    periodSeconds: def.periodSeconds,
    evaluationPeriods: def.evaluationPeriods,
    datapointsToAlarm: def.datapointsToAlarm,
    treatMissingData: def.treatMissingData,
    evaluationRangePeriods: rangePeriods(def),
    datapoints: points.length,
    tooLateToAlarm: countTooLate(def, points),
  };
}

function metricEpisodes(
  alarm: MetricAlarmDefinition,
  application: string | undefined,
  points: readonly ArrivedDatapoint[],
  runEndMs: number,
): AlarmEpisode[] {
  const out: AlarmEpisode[] = [];
  for (const span of spansOf(alarm, points, runEndMs)) {
    const run = evaluateAlarm(alarm, span.points, span.schedule);
    const breaches = zeroLatencyBreaches(alarm, span.points, span.schedule);
    out.push(
      ...seriesEpisodes(
        alarm.id,
        application,
        run.transitions,
        breaches,
        coverMs(alarm),
        alarm.periodSeconds * 1000,
      ),
    );
  }
  return out;
}

function floodEpisodes(
  flood: ApplicationFloodDefinition,
  points: readonly ContributorDatapoint[],
  runEndMs: number,
): AlarmEpisode[] {
  const out: AlarmEpisode[] = [];
  for (const span of spansOf(flood, points, runEndMs)) {
    const run = evaluateContributorAlarm(flood, span.points, span.schedule);
    const byContributor = new Map<string, ContributorDatapoint[]>();
    for (const p of span.points) {
      const list = byContributor.get(p.contributor);
      if (list) list.push(p);
      else byContributor.set(p.contributor, [p]);
    }
    for (const [name, own] of [...byContributor].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const changes = run.contributorTransitions.filter((t) => t.contributor === name);
      const breaches = zeroLatencyBreaches(flood, own, span.schedule);
      out.push(
        ...seriesEpisodes(
          flood.id,
          name,
          changes,
          breaches,
          coverMs(flood),
          flood.periodSeconds * 1000,
        ),
      );
    }
  }
  return out;
}

/** How long after its minute a data point can still move the alarm: the evaluation range. */
function coverMs(rule: AlarmRule): number {
  return rangePeriods(rule) * rule.periodSeconds * 1000;
}

/**
 * A data point is too late to alarm when the first evaluation that sees it (the next whole
 * minute at or after its arrival) no longer has its minute in the evaluation range
 * `[E − range·period, E)`.
 */
export function countTooLate(rule: AlarmRule, points: readonly ArrivedDatapoint[]): number {
  const range = coverMs(rule);
  let n = 0;
  for (const p of points) {
    const firstSeen = Math.ceil(p.arrivedAtMs / EVALUATION_INTERVAL_MS) * EVALUATION_INTERVAL_MS;
    if (firstSeen > p.timestampMs + range) n++;
  }
  return n;
}

interface Span<P extends ArrivedDatapoint> {
  points: P[];
  schedule: { firstEvaluationMs: number; lastEvaluationMs: number };
}

/**
 * The stretches of the timeline where the alarm can be anything but OK: each data point is
 * active from its minute until one evaluation range plus a period after it arrived (by then its
 * minute has left every evaluation and a quiet alarm is OK again), never past `endMs`;
 * overlapping stretches merge.
 */
export function spansOf<P extends ArrivedDatapoint>(
  rule: AlarmRule,
  points: readonly P[],
  endMs = Infinity,
): Span<P>[] {
  const tail = coverMs(rule) + rule.periodSeconds * 1000;
  const sorted = points.slice().sort((a, b) => a.timestampMs - b.timestampMs);
  const spans: Span<P>[] = [];
  let current: Span<P> | undefined;
  for (const p of sorted) {
    const end = Math.min(endMs, Math.max(p.arrivedAtMs, p.timestampMs) + tail);
    if (current && p.timestampMs <= current.schedule.lastEvaluationMs) {
      current.points.push(p);
      current.schedule.lastEvaluationMs = Math.max(current.schedule.lastEvaluationMs, end);
    } else {
      current = {
        points: [p],
        schedule: { firstEvaluationMs: p.timestampMs, lastEvaluationMs: end },
      };
      spans.push(current);
    }
  }
  return spans;
}
