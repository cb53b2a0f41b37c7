/**
 * One evaluation of one time series: given the period values CloudWatch retrieved over the
 * evaluation range, the state the alarm goes to. This is the rule set of "How alarm state is
 * evaluated when data is missing" and "Avoiding premature transitions to alarm state" in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html,
 * and it reproduces every row of that page's two example tables (missing-data-tables.spec.ts).
 */
import { breaches, type AlarmState, type NormalizedRule } from './rule';

/** A real (not missing) data point of the evaluation range. */
export interface WindowPoint {
  /** Position in the range, 0 = oldest period. */
  readonly index: number;
  /** The period's Sum. */
  readonly value: number;
  readonly breaching: boolean;
}

/**
 * Why the state was chosen:
 * - `datapoints`: at least N real data points in the range; the N most recent real ones decided
 *   (looking back past missing periods) and the missing-data treatment was not needed;
 * - `filled`: fewer than N real data points; all of them plus filled ones decided;
 * - `noData`: no real data point in the range;
 * - `premature`: the premature-alarm rule (a breach old enough, only missing data after it);
 * - `undetermined`: too few real data points to decide (`missing`: INSUFFICIENT_DATA, `ignore`:
 *   the state is retained).
 */
export type DecisionBasis = 'datapoints' | 'filled' | 'noData' | 'premature' | 'undetermined';

/** The outcome of one evaluation. */
export interface WindowDecision {
  readonly state: AlarmState;
  readonly basis: DecisionBasis;
  /** True when `ignore` kept the state the alarm was in. */
  readonly retained: boolean;
  /** The real data points that took part, oldest first. */
  readonly evaluated: readonly WindowPoint[];
  /** How many of the N data points had to be filled in ("# of data points that must be filled"). */
  readonly filled: number;
  /** Breaching data points counted, filled ones included when they count as breaching. */
  readonly breachingCount: number;
}

function decision(
  state: AlarmState,
  basis: DecisionBasis,
  evaluated: readonly WindowPoint[],
  filled: number,
  breachingCount: number,
  retained = false,
): WindowDecision {
  return { state, basis, retained, evaluated, filled, breachingCount };
}

/**
 * Decides the state from the period values of the evaluation range.
 *
 * @param buckets the range's period Sums, oldest first, `undefined` for a missing period; its
 *   length is the evaluation range (at least N)
 * @param current the alarm's state before this evaluation (what `ignore` retains)
 */
export function decideWindow(
  rule: NormalizedRule,
  buckets: readonly (number | undefined)[],
  current: AlarmState,
): WindowDecision {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  if (buckets.length < n) {
    throw new RangeError(`the evaluation range (${buckets.length}) is shorter than N (${n})`);
  }
  const real: WindowPoint[] = [];
  let realBreaching = 0;
  for (let index = 0; index < buckets.length; index++) {
    const value = buckets[index];
    if (value === undefined) continue;
    const breaching = breaches(rule, value);
    if (breaching) realBreaching++;
    real.push({ index, value, breaching });
  }

  // "If no data points in the evaluation range are missing" or "the total number of existing data
  // points ... is equal to or more than the alarm's Evaluation Periods": the N most recent real
  // data points decide, reaching back over missing ones; the treatment "is not needed".
  if (real.length >= n) {
    const evaluated = real.slice(real.length - n);
    let count = 0;
    for (const point of evaluated) if (point.breaching) count++;
    return decision(count >= m ? 'ALARM' : 'OK', 'datapoints', evaluated, 0, count);
  }

  // Fewer than N real data points: "CloudWatch fills in the missing data points with the result
  // you specified ... all real data points in the evaluation range are included".
  const filled = n - real.length;
  const treatment = rule.treatMissingData;
  if (treatment === 'breaching') {
    const count = realBreaching + filled;
    const basis = real.length === 0 ? 'noData' : 'filled';
    return decision(count >= m ? 'ALARM' : 'OK', basis, real, filled, count);
  }
  if (treatment === 'notBreaching') {
    const basis = real.length === 0 ? 'noData' : 'filled';
    return decision(realBreaching >= m ? 'ALARM' : 'OK', basis, real, filled, realBreaching);
  }

  // `missing` and `ignore`: the filled data points count neither way.
  const unsure = (basis: DecisionBasis, missingState: AlarmState): WindowDecision =>
    treatment === 'ignore'
      ? decision(current, basis, real, filled, realBreaching, true)
      : decision(missingState, basis, real, filled, realBreaching);

  // Table 1 row 3: all missing → INSUFFICIENT_DATA (missing) or "Retain current state" (ignore).
  if (real.length === 0) return unsure('noData', 'INSUFFICIENT_DATA');
  // Enough breaching real data points whatever the missing ones would have been.
  if (realBreaching >= m) return decision('ALARM', 'filled', real, filled, realBreaching);
  // A real non-breaching data point in the range settles it as OK (table 1 row 2 `0 - - - -`,
  // table 2 rows 3-4 `0 - X - -` and `- - - - 0`: OK under both missing and ignore), even where
  // the premature-alarm rule would otherwise apply (table 2 row 3).
  if (realBreaching < real.length) return decision('OK', 'filled', real, filled, realBreaching);

  // Only breaching real data points, fewer than M. Premature-alarm rule: ALARM "when the oldest
  // available breaching datapoint during the Evaluation Periods number of data points is at least
  // as old as the value of Datapoints to Alarm, and all other more recent data points are
  // breaching or missing" (table rows 5: `- - X - -` for 3 of 3, `- - - X -` for 2 of 3; ignore
  // retains the state there).
  const newestN = buckets.length - n;
  const oldestBreach = real.find((point) => point.index >= newestN);
  if (oldestBreach !== undefined && buckets.length - oldestBreach.index >= m) {
    return unsure('premature', 'ALARM');
  }
  // `- - - - X`: "the alarm does not go immediately into ALARM state". The current page names no
  // state; its earlier version's tables gave "Insufficient data" (missing) and "Retain current
  // state" (ignore) for this row, which is what the model does.
  return unsure('undetermined', 'INSUFFICIENT_DATA');
}
