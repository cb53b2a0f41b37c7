export {
  breaches,
  normalizeRule,
  type AlarmRule,
  type AlarmState,
  type ComparisonOperator,
  type NormalizedRule,
  type TreatMissingData,
} from './rule';
export type { ArrivedDatapoint } from './series-index';
export {
  EVALUATION_INTERVAL_MS,
  evaluationInstants,
  type EvaluationOptions,
  type EvaluationSchedule,
} from './schedule';
export {
  decideWindow,
  type DecisionBasis,
  type WindowDecision,
  type WindowPoint,
} from './window-decision';
export type { AlarmTransition, EvaluatedDatapoint, StateChange } from './results';
export { evaluateAlarm, type AlarmEvaluation, type AlarmRun } from './evaluate-alarm';
export {
  evaluateContributorAlarm,
  type ContributorAlarmEvaluation,
  type ContributorAlarmRun,
  type ContributorDatapoint,
  type ContributorOptions,
  type ContributorTransition,
} from './evaluate-contributors';
export { episodeBreachStart, zeroLatencyBreaches, type ZeroLatencyBreach } from './breach-start';
