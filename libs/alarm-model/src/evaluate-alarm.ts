/**
 * A metric alarm on one time series, evaluated every minute over a replay's timeline with only the
 * data points that had reached CloudWatch by each evaluation.
 */
import { normalizeRule, type AlarmRule, type AlarmState } from './rule';
import { stateReason } from './reason';
import {
  evaluatedDatapoints,
  triggerOf,
  type AlarmTransition,
  type EvaluatedDatapoint,
} from './results';
import {
  evaluationInstants,
  evaluationRange,
  type EvaluationOptions,
  type EvaluationSchedule,
} from './schedule';
import { SeriesIndex, type ArrivedDatapoint } from './series-index';
import { decideWindow, type DecisionBasis } from './window-decision';

/** The alarm at one evaluation instant. */
export interface AlarmEvaluation {
  readonly atMs: number;
  readonly state: AlarmState;
  readonly basis: DecisionBasis;
  /** How many of the N data points were filled by the missing-data treatment. */
  readonly filled: number;
  /** The real data points that decided, oldest first. */
  readonly datapoints: readonly EvaluatedDatapoint[];
}

/** A replay of one alarm. */
export interface AlarmRun {
  /** One entry per evaluation instant, in order. */
  readonly evaluations: readonly AlarmEvaluation[];
  /** The changes of state, in order (the first evaluation's, from the initial state, included). */
  readonly transitions: readonly AlarmTransition[];
  /** The state after the last evaluation (the initial state if there was none). */
  readonly finalState: AlarmState;
}

/**
 * Evaluates a metric alarm at every whole minute of the schedule. At instant E the period Sums are
 * those of `[E - k·period, E - (k-1)·period)` (the newest period ends at E: windows slide with
 * the evaluation minute), over the data points with `arrivedAtMs <= E`; a period with none is a
 * missing data point.
 */
export function evaluateAlarm(
  rule: AlarmRule,
  datapoints: readonly ArrivedDatapoint[],
  schedule: EvaluationSchedule,
  options: EvaluationOptions = {},
): AlarmRun {
  const normalized = normalizeRule(rule);
  const range = evaluationRange(normalized, options);
  const index = new SeriesIndex(datapoints);
  const evaluations: AlarmEvaluation[] = [];
  const transitions: AlarmTransition[] = [];
  let state: AlarmState = options.initialState ?? 'INSUFFICIENT_DATA';
  for (const atMs of evaluationInstants(schedule)) {
    const buckets = index.periodSums(atMs, normalized.periodMs, range);
    const decision = decideWindow(normalized, buckets, state);
    const points = evaluatedDatapoints(normalized, atMs, range, decision);
    if (decision.state !== state) {
      transitions.push({
        atMs,
        from: state,
        to: decision.state,
        reason: stateReason(normalized, decision),
        basis: decision.basis,
        trigger: triggerOf(points),
      });
      state = decision.state;
    }
    evaluations.push({
      atMs,
      state,
      basis: decision.basis,
      filled: decision.filled,
      datapoints: points,
    });
  }
  return { evaluations, transitions, finalState: state };
}
