import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { MetricAlarmDefinition } from '@fleetlog/pipeline-config';

/** One period in which an alarm was in ALARM state. */
export interface AlarmPeriod {
  periodStart: string;
  periodEnd: string;
  /** The statistic (Sum) of the period that tipped it. */
  value: number;
}

/** A run of consecutive ALARM periods: what an operator sees as one notification. */
export interface AlarmEpisode {
  start: string;
  end: string;
  maxValue: number;
  /** When the alarm went into ALARM: the end of its first ALARM period (its evaluation minute). */
  alarmAt: string;
  /** When it went back to OK: the end of the first period after the episode. */
  okAt: string;
}

export interface AlarmEvaluation {
  id: string;
  description: string;
  metricName: string;
  dimensions: Record<string, string>;
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  /** Periods with data, in time order, with their Sum. */
  datapoints: { periodStart: string; value: number }[];
  alarmPeriods: AlarmPeriod[];
  episodes: AlarmEpisode[];
}

/**
 * Evaluates the shared alarm definitions over recorded PutMetricData inputs, the way CloudWatch
 * would: data points of the same metric, namespace and *exact* dimension set (one a minute) are
 * summed per period (`periodSeconds`, 5 minutes); a period is in ALARM when at least
 * `datapointsToAlarm` of the `evaluationPeriods` periods ending with it breach
 * (GreaterThanThreshold); periods without data do not breach (treatMissingData notBreaching).
 */
export function evaluateAlarms(
  inputs: readonly PutMetricDataCommandInput[],
  alarms: readonly MetricAlarmDefinition[],
  namespace: string,
): AlarmEvaluation[] {
  return alarms.map((alarm) => evaluateAlarm(inputs, alarm, namespace));
}

function evaluateAlarm(
  inputs: readonly PutMetricDataCommandInput[],
  alarm: MetricAlarmDefinition,
  namespace: string,
): AlarmEvaluation {
  if (alarm.statistic !== 'Sum' || alarm.comparison !== 'GreaterThanThreshold') {
    throw new Error(`alarm ${alarm.id}: only Sum / GreaterThanThreshold is supported`);
  }
  const periodMs = alarm.periodSeconds * 1000;
  const sums = new Map<number, number>();
  for (const input of inputs) {
    if (input.Namespace !== namespace) continue;
    for (const datum of input.MetricData ?? []) {
      if (datum.MetricName !== alarm.metricName || !sameDimensions(datum, alarm.dimensions))
        continue;
      const t = timestampMs(datum.Timestamp);
      if (t === undefined) continue;
      const period = Math.floor(t / periodMs) * periodMs;
      sums.set(period, (sums.get(period) ?? 0) + datumSum(datum));
    }
  }
  const periods = [...sums.keys()].sort((a, b) => a - b);
  // A period without data is never breaching (notBreaching), whatever the threshold.
  const breaching = (period: number): boolean => {
    const sum = sums.get(period);
    return sum !== undefined && sum > alarm.threshold;
  };

  // A breaching period keeps the alarm in ALARM for the evaluationPeriods - 1 periods after it
  // too (M of N), whether or not they have data.
  const candidates = new Set<number>();
  for (const period of periods) {
    for (let k = 0; k < alarm.evaluationPeriods; k++) candidates.add(period + k * periodMs);
  }
  const alarmPeriods: AlarmPeriod[] = [];
  for (const period of [...candidates].sort((a, b) => a - b)) {
    let breached = 0;
    for (let k = 0; k < alarm.evaluationPeriods; k++)
      if (breaching(period - k * periodMs)) breached++;
    if (breached >= alarm.datapointsToAlarm) {
      alarmPeriods.push({
        periodStart: new Date(period).toISOString(),
        periodEnd: new Date(period + periodMs).toISOString(),
        value: sums.get(period) ?? 0,
      });
    }
  }

  const episodes: AlarmEpisode[] = [];
  for (const p of alarmPeriods) {
    const last = episodes[episodes.length - 1];
    if (last && last.end === p.periodStart) {
      last.end = p.periodEnd;
      last.maxValue = Math.max(last.maxValue, p.value);
      last.okAt = new Date(Date.parse(p.periodEnd) + periodMs).toISOString();
    } else {
      episodes.push({
        start: p.periodStart,
        end: p.periodEnd,
        maxValue: p.value,
        alarmAt: p.periodEnd,
        okAt: new Date(Date.parse(p.periodEnd) + periodMs).toISOString(),
      });
    }
  }

  return {
    id: alarm.id,
    description: alarm.description,
    metricName: alarm.metricName,
    dimensions: { ...alarm.dimensions },
    threshold: alarm.threshold,
    periodSeconds: alarm.periodSeconds,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    datapoints: periods.map((p) => ({
      periodStart: new Date(p).toISOString(),
      value: sums.get(p) ?? 0,
    })),
    alarmPeriods,
    episodes,
  };
}

/** CloudWatch treats every dimension combination as its own metric, so the match is exact. */
function sameDimensions(datum: MetricDatum, wanted: Readonly<Record<string, string>>): boolean {
  const dims = datum.Dimensions ?? [];
  const keys = Object.keys(wanted);
  if (dims.length !== keys.length) return false;
  return dims.every((d) => d.Name !== undefined && wanted[d.Name] === d.Value);
}

/** Recorded inputs come back from JSON, so a timestamp may be a Date, a string or a number. */
function timestampMs(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

/** The Sum a datum contributes, in whichever of PutMetricData's three shapes it was sent. */
function datumSum(datum: MetricDatum): number {
  if (datum.StatisticValues?.Sum !== undefined) return datum.StatisticValues.Sum;
  if (datum.Values && datum.Values.length > 0) {
    return datum.Values.reduce((sum, v, i) => sum + v * (datum.Counts?.[i] ?? 1), 0);
  }
  return datum.Value ?? 0;
}
