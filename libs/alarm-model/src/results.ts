/**
 * What the evaluators report: the state at each evaluation and each change of state, with the
 * data points that decided it.
 */
import type { AlarmState, NormalizedRule } from './rule';
import type { DecisionBasis, WindowDecision } from './window-decision';

/** A period's Sum as one evaluation saw it. */
export interface EvaluatedDatapoint {
  /** Start of the period, epoch ms (`periodEndMs - periodSeconds·1000`). */
  readonly periodStartMs: number;
  /** End of the period (exclusive), epoch ms. */
  readonly periodEndMs: number;
  /** The Sum of the data points of the period that had arrived by the evaluation. */
  readonly value: number;
  readonly breaching: boolean;
}

/** A change of state. */
export interface StateChange {
  /** The evaluation instant at which the state changed, epoch ms. */
  readonly atMs: number;
  readonly from: AlarmState;
  readonly to: AlarmState;
  /** Why, as a sentence (after CloudWatch's StateReason). */
  readonly reason: string;
}

/** A change of state of a metric alarm or of one contributor, with the data that decided it. */
export interface AlarmTransition extends StateChange {
  readonly basis: DecisionBasis;
  /**
   * The newest evaluated data point that breached (for a transition to ALARM: the 5 minutes that
   * tripped it), else the newest evaluated data point; absent when no real data point was used.
   */
  readonly trigger?: EvaluatedDatapoint;
}

/** The real data points a decision used, with their periods, oldest first. */
export function evaluatedDatapoints(
  rule: NormalizedRule,
  atMs: number,
  rangePeriods: number,
  decision: WindowDecision,
): EvaluatedDatapoint[] {
  return decision.evaluated.map((point) => {
    const periodEndMs = atMs - (rangePeriods - 1 - point.index) * rule.periodMs;
    return {
      periodStartMs: periodEndMs - rule.periodMs,
      periodEndMs,
      value: point.value,
      breaching: point.breaching,
    };
  });
}

/** The data point a transition names: the newest breaching one, else the newest. */
export function triggerOf(points: readonly EvaluatedDatapoint[]): EvaluatedDatapoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (points[i].breaching) return points[i];
  return points.at(-1);
}
