// Recorded PutMetricData inputs with their arrival times, built from per-minute counts: the
// alarm specs' shared set-up (what RecordingCloudWatch keeps of a run).
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { RecordedMetrics } from '../cloud/alarm-datapoints';

/** One application's RequestCount per minute from `startIso`, each minute reaching CloudWatch `lagMs` after it ends. */
export interface MinuteSeries {
  application: string;
  startIso: string;
  counts: readonly number[];
  /** After the minute's end. */
  lagMs: number;
}

const MINUTE = 60_000;

/** The series as one PutMetricData call per data point, with its arrival. */
export function recordedMinutes(series: readonly MinuteSeries[]): RecordedMetrics {
  const inputs: PutMetricDataCommandInput[] = [];
  const arrivals: number[] = [];
  for (const s of series) {
    const start = Date.parse(s.startIso);
    s.counts.forEach((value, i) => {
      if (value === 0) return;
      const t = start + i * MINUTE;
      inputs.push({
        Namespace: 'FleetLog',
        MetricData: [
          {
            MetricName: 'RequestCount',
            Dimensions: [{ Name: 'ApplicationName', Value: s.application }],
            Timestamp: new Date(t),
            Value: value,
          },
        ],
      });
      arrivals.push(t + MINUTE + s.lagMs);
    });
  }
  return { inputs, arrivals };
}

/** `n` minutes of `value`. */
export function minutes(n: number, value: number): number[] {
  return Array.from({ length: n }, () => value);
}
