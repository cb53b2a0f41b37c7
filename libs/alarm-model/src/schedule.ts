/**
 * When CloudWatch evaluates an alarm, and how much data it retrieves each time.
 *
 * "For any period of one minute or longer, an alarm is evaluated every minute and the evaluation
 * is based on the window of time defined by the Period and Evaluation Periods. For example, if the
 * Period is 5 minutes (300 seconds) and Evaluation Periods is 1, then at the end of minute 5 the
 * alarm evaluates based on data from minutes 1 to 5. Then at the end of minute 6, the alarm is
 * evaluated based on the data from minutes 2 to 6."
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html)
 */
import type { AlarmState, NormalizedRule } from './rule';

/** One minute, ms: the interval between evaluations of an alarm with a period of 60 s or more. */
export const EVALUATION_INTERVAL_MS = 60_000;

/** The span of a replay's timeline over which an alarm is evaluated. */
export interface EvaluationSchedule {
  /** The first evaluation instant, epoch ms; rounded up to a whole minute. */
  readonly firstEvaluationMs: number;
  /** The last evaluation instant, epoch ms; rounded down to a whole minute. */
  readonly lastEvaluationMs: number;
}

/** Options shared by the evaluators. */
export interface EvaluationOptions {
  /**
   * The evaluation range, in periods: how far back CloudWatch retrieves data so that it can look
   * past missing data points to the most recent real ones. CloudWatch does not document it (the
   * page's examples use 5 for 3 evaluation periods of 5 minutes, and
   * https://github.com/awsdocs/amazon-cloudwatch-user-guide/issues/102 asking for the rule was
   * closed unanswered); the default extends that one documented example by the same two periods.
   * @default evaluationPeriods + 2
   */
  readonly evaluationRangePeriods?: number;
  /**
   * The alarm's state before the first evaluation; a new CloudWatch alarm starts in
   * INSUFFICIENT_DATA.
   * @default 'INSUFFICIENT_DATA'
   */
  readonly initialState?: AlarmState;
}

/** The evaluation range for a rule, checked. */
export function evaluationRange(rule: NormalizedRule, options: EvaluationOptions): number {
  const range = options.evaluationRangePeriods ?? rule.evaluationPeriods + 2;
  if (!Number.isInteger(range) || range < rule.evaluationPeriods) {
    throw new RangeError(
      `evaluationRangePeriods must be an integer of at least evaluationPeriods (${rule.evaluationPeriods}), got ${range}`,
    );
  }
  return range;
}

/**
 * The evaluation instants of a schedule: every whole minute from the first to the last.
 *
 * Where the documentation is silent: CloudWatch evaluates "every minute" without saying at which
 * second, nor how late in that minute it reads the data. The model evaluates exactly on the whole
 * minute and sees only data points that had arrived by then (`arrivedAtMs <= instant`): a data
 * point that reaches CloudWatch a second after the minute waits for the next evaluation (the
 * reading that makes an alarm fire later, never earlier). A schedule's ends are rounded inwards to
 * whole minutes for the same reason.
 */
export function evaluationInstants(schedule: EvaluationSchedule): number[] {
  const { firstEvaluationMs, lastEvaluationMs } = schedule;
  if (!Number.isFinite(firstEvaluationMs) || !Number.isFinite(lastEvaluationMs)) {
    throw new RangeError('the schedule needs finite first and last evaluation instants');
  }
  const first = Math.ceil(firstEvaluationMs / EVALUATION_INTERVAL_MS) * EVALUATION_INTERVAL_MS;
  const last = Math.floor(lastEvaluationMs / EVALUATION_INTERVAL_MS) * EVALUATION_INTERVAL_MS;
  const instants: number[] = [];
  for (let at = first; at <= last; at += EVALUATION_INTERVAL_MS) instants.push(at);
  return instants;
}
