/**
 * Human-readable state reasons, worded after CloudWatch's StateReason ("Threshold Crossed: 1 out of
 * the last 2 datapoints was greater than the threshold (100.0)").
 */
import { comparisonWords, type NormalizedRule } from './rule';
import type { WindowDecision } from './window-decision';

function datapoints(count: number): string {
  return count === 1 ? '1 datapoint' : `${count} datapoints`;
}

/** Why an evaluation ended in its state, in one sentence. */
export function stateReason(rule: NormalizedRule, decision: WindowDecision): string {
  const words = `${comparisonWords(rule.comparison)} the threshold (${rule.threshold})`;
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  const kept = decision.retained ? `; treatMissingData ignore: ${decision.state} retained` : '';
  switch (decision.basis) {
    case 'datapoints':
      return (
        `Threshold Crossed: ${decision.breachingCount} out of the last ${n} datapoints ` +
        `${decision.breachingCount === 1 ? 'was' : 'were'} ${words} (${m} needed for ALARM)`
      );
    case 'filled':
      return (
        `${datapoints(decision.evaluated.length)} in the evaluation range, ` +
        `${decision.filled} filled as ${rule.treatMissingData}: ${decision.breachingCount} ${words} ` +
        `(${m} needed for ALARM)`
      );
    case 'noData':
      return `no datapoints in the evaluation range, treated as ${rule.treatMissingData}${kept}`;
    case 'premature':
      return (
        `a datapoint ${words} at least ${m} periods old with only missing data after it ` +
        `(premature-alarm rule)${kept}`
      );
    case 'undetermined':
      return `${datapoints(decision.evaluated.length)} ${words}, too few to decide${kept}`;
  }
}
