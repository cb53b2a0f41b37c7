/**
 * A CloudWatch Metrics Insights alarm whose query has a GROUP BY (fleetlog's ApplicationFlood):
 * every returned time series is a contributor with its own state.
 *
 * From https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
 * and https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 * ("Missing Data in CloudWatch Metrics Insights alarms"):
 * - "each time series functions as a contributor with its own state. The alarm activates when any
 *   contributor enters the ALARM state";
 * - "the treat missing data treatment is applied for individual datapoints within the time series";
 * - "If a time series is not retrieved by the query anymore, it will transition to OK no matter
 *   the treat missing data treatment ... 'No data was returned for this contributor'";
 * - "Alarms evaluating multiple time series will limit the number of contributors in ALARM to 100"
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html).
 * A contributor is only ever ALARM or OK (DescribeAlarmContributors lists those in ALARM).
 */
import { normalizeRule, type AlarmRule, type AlarmState } from './rule';
import { stateReason } from './reason';
import {
  evaluatedDatapoints,
  triggerOf,
  type EvaluatedDatapoint,
  type StateChange,
} from './results';
import {
  evaluationInstants,
  evaluationRange,
  type EvaluationOptions,
  type EvaluationSchedule,
} from './schedule';
import { arrivalOrder } from './arrival-order';
import { SeriesIndex, type ArrivedDatapoint } from './series-index';
import { decideWindow, type DecisionBasis } from './window-decision';

/** A data point of one time series of the query's result. */
export interface ContributorDatapoint extends ArrivedDatapoint {
  /** The GROUP BY value naming the time series (fleetlog: the ApplicationName). */
  readonly contributor: string;
}

/** Options of evaluateContributorAlarm. */
export interface ContributorOptions extends EvaluationOptions {
  /**
   * Contributors that can be in ALARM at once.
   * @default 100
   */
  readonly maxContributorsInAlarm?: number;
}

/** A change of state of one contributor. */
export interface ContributorTransition extends StateChange {
  readonly contributor: string;
  /** `notReturned`: the query no longer returned the time series. */
  readonly basis: DecisionBasis | 'notReturned';
  /** As AlarmTransition.trigger. */
  readonly trigger?: EvaluatedDatapoint;
}

/** The alarm as a whole at one evaluation instant. */
export interface ContributorAlarmEvaluation {
  readonly atMs: number;
  readonly state: AlarmState;
  /** Time series the query returned (contributors with data in the evaluation range). */
  readonly returned: number;
  /** Contributors in ALARM after this evaluation. */
  readonly inAlarm: number;
  /** Contributors that evaluated to ALARM but were kept OK by the cap. */
  readonly capped: number;
}

/** A replay of one multi-time-series alarm. */
export interface ContributorAlarmRun {
  readonly evaluations: readonly ContributorAlarmEvaluation[];
  /** Changes of the alarm's own state. */
  readonly transitions: readonly StateChange[];
  /** Changes of the contributors' states (OK ↔ ALARM), in order of time then contributor. */
  readonly contributorTransitions: readonly ContributorTransition[];
  readonly finalState: AlarmState;
  /** Contributors in ALARM after the last evaluation, sorted. */
  readonly finalContributorsInAlarm: readonly string[];
}

interface Contributor {
  readonly name: string;
  readonly index: SeriesIndex;
  state: 'OK' | 'ALARM';
  /** Newest timestamp among its arrived data points. */
  newestArrivedMs: number;
}

const DEFAULT_MAX_IN_ALARM = 100;

/** Inserts `id` into the ascending `ids` (no duplicates). */
function insertSorted(ids: number[], id: number): void {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  if (ids[lo] !== id) ids.splice(lo, 0, id);
}

function alarmReason(returned: number, wanting: number, max: number): string {
  if (returned === 0) return 'No time series were returned by the query';
  if (wanting > max) return `${max}+ time series evaluated to ALARM`;
  return `${wanting} out of ${returned} time series evaluated to ALARM`;
}

/**
 * Evaluates a GROUP BY alarm at every whole minute of the schedule; each contributor as
 * evaluateAlarm evaluates a single time series, with these readings where the documentation is
 * silent (each the one that puts fewer contributors in ALARM, or later):
 * - a contributor is returned by the query when at least one of its data points with a timestamp
 *   in the evaluation range had arrived; one that appears starts in OK;
 * - where a single-series alarm would go to INSUFFICIENT_DATA (or `ignore` retains), the
 *   contributor keeps its state;
 * - the 100 cap ("limit the number of contributors in ALARM to 100"; the Create_Metrics_Insights_Alarm
 *   page words it "the rate of concurrent transitions") bounds the contributors in ALARM at once:
 *   those already in ALARM keep their place, newcomers take free places in contributor-name order,
 *   and the others stay OK until a place frees;
 * - the alarm is ALARM when any contributor is, INSUFFICIENT_DATA when the query returned no time
 *   series at all (the missing-data page; the Create_Metrics_Insights_Alarm page says the
 *   treatment applies instead, which for `breaching` would fire), OK otherwise.
 */
export function evaluateContributorAlarm(
  rule: AlarmRule,
  datapoints: readonly ContributorDatapoint[],
  schedule: EvaluationSchedule,
  options: ContributorOptions = {},
): ContributorAlarmRun {
  const normalized = normalizeRule(rule);
  const range = evaluationRange(normalized, options);
  const maxInAlarm = options.maxContributorsInAlarm ?? DEFAULT_MAX_IN_ALARM;
  if (!Number.isInteger(maxInAlarm) || maxInAlarm < 1) {
    throw new RangeError(`maxContributorsInAlarm must be a positive integer, got ${maxInAlarm}`);
  }

  const grouped = new Map<string, ContributorDatapoint[]>();
  for (const point of datapoints) {
    const list = grouped.get(point.contributor);
    if (list) list.push(point);
    else grouped.set(point.contributor, [point]);
  }
  const names = [...grouped.keys()].sort();
  const idOf = new Map(names.map((name, id) => [name, id]));
  const contributors: Contributor[] = names.map((name) => ({
    name,
    index: new SeriesIndex(grouped.get(name) ?? []),
    state: 'OK',
    newestArrivedMs: -Infinity,
  }));
  const instants = evaluationInstants(schedule);
  const arrivedAtMs = new Float64Array(datapoints.length);
  datapoints.forEach((point, i) => (arrivedAtMs[i] = point.arrivedAtMs));
  const { starts, order } = arrivalOrder(instants, arrivedAtMs);

  const evaluations: ContributorAlarmEvaluation[] = [];
  const transitions: StateChange[] = [];
  const contributorTransitions: ContributorTransition[] = [];
  let state: AlarmState = options.initialState ?? 'INSUFFICIENT_DATA';
  /** Contributors with arrived data not yet aged out of the range, ascending ids (= names). */
  const active: number[] = [];
  let inAlarm = 0;

  instants.forEach((atMs, e) => {
    for (let j = starts[e]; j < starts[e + 1]; j++) {
      const point = datapoints[order[j]];
      const id = idOf.get(point.contributor) ?? 0;
      const contributor = contributors[id];
      contributor.newestArrivedMs = Math.max(contributor.newestArrivedMs, point.timestampMs);
      insertSorted(active, id);
    }
    const rangeStartMs = atMs - range * normalized.periodMs;
    let returned = 0;
    const newcomers: {
      contributor: Contributor;
      reason: string;
      basis: DecisionBasis;
      trigger?: EvaluatedDatapoint;
    }[] = [];
    const stillActive: number[] = [];
    for (const id of active) {
      const contributor = contributors[id];
      const buckets = contributor.index.periodSums(atMs, normalized.periodMs, range);
      if (buckets.every((value) => value === undefined)) {
        if (contributor.state === 'ALARM') {
          contributor.state = 'OK';
          inAlarm--;
          contributorTransitions.push({
            contributor: contributor.name,
            atMs,
            from: 'ALARM',
            to: 'OK',
            reason: 'No data was returned for this contributor',
            basis: 'notReturned',
          });
        }
        // Keep it only while some arrived data point may still enter the range (a timestamp ahead
        // of the evaluation); a later arrival brings it back.
        if (contributor.newestArrivedMs >= rangeStartMs) stillActive.push(id);
        continue;
      }
      stillActive.push(id);
      returned++;
      const decision = decideWindow(normalized, buckets, contributor.state);
      const wanted = decision.state === 'INSUFFICIENT_DATA' ? contributor.state : decision.state;
      if (wanted === contributor.state) continue;
      const points = evaluatedDatapoints(normalized, atMs, range, decision);
      const change = {
        reason: stateReason(normalized, decision),
        basis: decision.basis,
        trigger: triggerOf(points),
      };
      if (wanted === 'ALARM') {
        newcomers.push({ contributor, ...change });
        continue;
      }
      contributor.state = 'OK';
      inAlarm--;
      contributorTransitions.push({
        contributor: contributor.name,
        atMs,
        from: 'ALARM',
        to: 'OK',
        ...change,
      });
    }
    active.splice(0, active.length, ...stillActive);

    // Newcomers are in name order (active is sorted by id, ids follow names).
    const admitted = Math.min(newcomers.length, Math.max(0, maxInAlarm - inAlarm));
    const wanting = inAlarm + newcomers.length;
    for (const { contributor, ...change } of newcomers.slice(0, admitted)) {
      contributor.state = 'ALARM';
      inAlarm++;
      contributorTransitions.push({
        contributor: contributor.name,
        atMs,
        from: 'OK',
        to: 'ALARM',
        ...change,
      });
    }

    const nextState: AlarmState =
      returned === 0 ? 'INSUFFICIENT_DATA' : inAlarm > 0 ? 'ALARM' : 'OK';
    if (nextState !== state) {
      transitions.push({
        atMs,
        from: state,
        to: nextState,
        reason: alarmReason(returned, wanting, maxInAlarm),
      });
      state = nextState;
    }
    evaluations.push({ atMs, state, returned, inAlarm, capped: newcomers.length - admitted });
  });

  const finalContributorsInAlarm = contributors
    .filter((c) => c.state === 'ALARM')
    .map((c) => c.name);
  return {
    evaluations,
    transitions,
    contributorTransitions,
    finalState: state,
    finalContributorsInAlarm,
  };
}
