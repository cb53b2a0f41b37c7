import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { ArrivedDatapoint, ContributorDatapoint } from '@fleetlog/alarm-model';
import type { ApplicationFloodDefinition } from '@fleetlog/pipeline-config';

/** What a run sent to CloudWatch: each PutMetricData input and when it arrived (same order). */
export interface RecordedMetrics {
  readonly inputs: readonly PutMetricDataCommandInput[];
  /** Epoch ms of the run's timeline (ARCHITECTURE.md section 6b). */
  readonly arrivals: readonly number[];
}

/**
 * The data points of one metric with *exactly* these dimensions (CloudWatch treats every
 * dimension combination as its own metric), each with its timestamp (its minute), its Sum and
 * the time its call reached CloudWatch: what a single-metric alarm on it reads.
 */
export function metricDatapoints(
  recorded: RecordedMetrics,
  namespace: string,
  metricName: string,
  dimensions: Readonly<Record<string, string>>,
): ArrivedDatapoint[] {
  const out: ArrivedDatapoint[] = [];
  forEachDatum(recorded, namespace, metricName, (datum, timestampMs, arrivedAtMs) => {
    if (sameDimensions(datum, dimensions))
      out.push({ timestampMs, value: datumSum(datum), arrivedAtMs });
  });
  return out;
}

/**
 * The time series a Metrics Insights `GROUP BY` query returns, one contributor per value of the
 * grouping dimension: data points of the metric with that one dimension (as
 * `SCHEMA(namespace, dimension)` selects), the excluded value (UNKNOWN) left out as the query's
 * WHERE does.
 */
export function contributorDatapoints(
  recorded: RecordedMetrics,
  namespace: string,
  def: Pick<ApplicationFloodDefinition, 'metricName' | 'groupBy' | 'excluded'>,
): ContributorDatapoint[] {
  const out: ContributorDatapoint[] = [];
  forEachDatum(recorded, namespace, def.metricName, (datum, timestampMs, arrivedAtMs) => {
    const dims = datum.Dimensions ?? [];
    if (dims.length !== 1 || dims[0].Name !== def.groupBy) return;
    const contributor = dims[0].Value;
    if (contributor === undefined || contributor === def.excluded) return;
    out.push({ contributor, timestampMs, value: datumSum(datum), arrivedAtMs });
  });
  return out;
}

function forEachDatum(
  recorded: RecordedMetrics,
  namespace: string,
  metricName: string,
  visit: (datum: MetricDatum, timestampMs: number, arrivedAtMs: number) => void,
): void {
  recorded.inputs.forEach((input, i) => {
    if (input.Namespace !== namespace) return;
    const arrivedAtMs = recorded.arrivals[i];
    if (arrivedAtMs === undefined || !Number.isFinite(arrivedAtMs)) return;
    for (const datum of input.MetricData ?? []) {
      if (datum.MetricName !== metricName) continue;
      const t = timestampMs(datum.Timestamp);
      if (t !== undefined) visit(datum, t, arrivedAtMs);
    }
  });
}

function sameDimensions(datum: MetricDatum, wanted: Readonly<Record<string, string>>): boolean {
  const dims = datum.Dimensions ?? [];
  const keys = Object.keys(wanted);
  if (dims.length !== keys.length) return false;
  return dims.every((d) => d.Name !== undefined && wanted[d.Name] === d.Value);
}

/** Recorded inputs may come back from JSON, so a timestamp may be a Date, a string or a number. */
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
export function datumSum(datum: MetricDatum): number {
  if (datum.StatisticValues?.Sum !== undefined) return datum.StatisticValues.Sum;
  if (datum.Values && datum.Values.length > 0) {
    return datum.Values.reduce((sum, v, i) => sum + v * (datum.Counts?.[i] ?? 1), 0);
  }
  return datum.Value ?? 0;
}
