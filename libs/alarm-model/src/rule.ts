/**
 * The alarm settings the model understands, in CloudWatch's own terms (PutMetricAlarm), and their
 * validation. Structural on purpose: any object with these fields (fleetlog's alarm definitions in
 * `@fleetlog/pipeline-config`, a CDK alarm's props) can be passed in.
 *
 * Alarm evaluation: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html
 */

/** The three states of a metric alarm. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** CloudWatch's static-threshold comparison operators. */
export type ComparisonOperator =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/**
 * How missing data points are treated
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).
 */
export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

/** An alarm on the Sum of a metric over a period, as CloudWatch evaluates it. */
export interface AlarmRule {
  /** Period of each data point, seconds: a multiple of 60 (high-resolution alarms are not modelled). */
  readonly periodSeconds: number;
  /** N: the number of most recent data points evaluated. */
  readonly evaluationPeriods: number;
  /**
   * M: how many of the N evaluated data points must breach for ALARM.
   * @default evaluationPeriods
   */
  readonly datapointsToAlarm?: number;
  /** The value the period's Sum is compared with. */
  readonly threshold: number;
  /** How the Sum is compared with the threshold; true means the data point breaches. */
  readonly comparison: ComparisonOperator;
  /**
   * Treatment of missing data points.
   * @default 'missing' (CloudWatch's default)
   */
  readonly treatMissingData?: TreatMissingData;
}

/** An AlarmRule with its defaults applied and checked; what the evaluators work with. */
export interface NormalizedRule {
  readonly periodMs: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
}

const COMPARISONS: readonly ComparisonOperator[] = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];
const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** One day: CloudWatch evaluates alarms whose N × period exceeds it hourly, which is not modelled. */
const MAX_EVALUATION_INTERVAL_SECONDS = 86_400;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Applies the defaults and refuses what CloudWatch would refuse or this model does not cover. */
export function normalizeRule(rule: AlarmRule): NormalizedRule {
  const period = positiveInteger(rule.periodSeconds, 'periodSeconds');
  if (period % 60 !== 0) {
    throw new RangeError(
      `periodSeconds must be a multiple of 60 (high-resolution alarms are not modelled), got ${period}`,
    );
  }
  const n = positiveInteger(rule.evaluationPeriods, 'evaluationPeriods');
  if (n * period > MAX_EVALUATION_INTERVAL_SECONDS) {
    throw new RangeError(
      `evaluationPeriods × periodSeconds must be at most one day (multi-day alarms are evaluated hourly, not modelled)`,
    );
  }
  const m = positiveInteger(rule.datapointsToAlarm ?? n, 'datapointsToAlarm');
  if (m > n) {
    throw new RangeError(`datapointsToAlarm (${m}) must not exceed evaluationPeriods (${n})`);
  }
  if (!Number.isFinite(rule.threshold)) {
    throw new RangeError(`threshold must be a finite number, got ${rule.threshold}`);
  }
  if (!COMPARISONS.includes(rule.comparison)) {
    throw new RangeError(`unknown comparison ${String(rule.comparison)}`);
  }
  const treatMissingData = rule.treatMissingData ?? 'missing';
  if (!TREATMENTS.includes(treatMissingData)) {
    throw new RangeError(`unknown treatMissingData ${String(treatMissingData)}`);
  }
  return {
    periodMs: period * 1000,
    evaluationPeriods: n,
    datapointsToAlarm: m,
    threshold: rule.threshold,
    comparison: rule.comparison,
    treatMissingData,
  };
}

/** Whether a data point's value breaches the rule's threshold. */
export function breaches(rule: Pick<NormalizedRule, 'comparison' | 'threshold'>, value: number) {
  switch (rule.comparison) {
    case 'GreaterThanThreshold':
      return value > rule.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= rule.threshold;
    case 'LessThanThreshold':
      return value < rule.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= rule.threshold;
  }
}

/** The operator as CloudWatch's state reasons word it ("greater than the threshold"). */
export function comparisonWords(comparison: ComparisonOperator): string {
  switch (comparison) {
    case 'GreaterThanThreshold':
      return 'greater than';
    case 'GreaterThanOrEqualToThreshold':
      return 'greater than or equal to';
    case 'LessThanThreshold':
      return 'less than';
    case 'LessThanOrEqualToThreshold':
      return 'less than or equal to';
  }
}
