import {
  STAGE_DELAYS,
  STATE_CHANGE_TO_NOTIFIED_MS,
  WINDOW_END_TO_CLOUDWATCH_MS,
  tumblingWindowEndMs,
} from '@fleetlog/pipeline-config';
import type { LagFigures } from './context';

/**
 * What the alarm-timing model assumes (ARCHITECTURE.md section 6b: the stage delays named once in
 * STAGE_DELAYS) for a line put at `putAtMs`. verify puts the line itself, so there is no shipper
 * buffer: the line reaches the aggregator the input stream's delay after the put, is flushed at
 * the end of that arrival's tumbling window by the final invocation, and reaches CloudWatch the
 * rest of the way after; a state change reaches a subscriber STATE_CHANGE_TO_NOTIFIED_MS later.
 */
export function modelLags(putAtMs: number): Required<Omit<LagFigures, 'minuteEndToMetricMs'>> {
  const windowEndMs = tumblingWindowEndMs(putAtMs + STAGE_DELAYS.inputStream.ms);
  return {
    putToAggregateMs: windowEndMs + STAGE_DELAYS.finalInvocation.ms - putAtMs,
    putToMetricMs: windowEndMs + WINDOW_END_TO_CLOUDWATCH_MS - putAtMs,
    stateChangeToNotifiedMs: STATE_CHANGE_TO_NOTIFIED_MS,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * "68.0 s (model 60.0 s, slower than the model assumes)": a measured lag beside the model's.
 * Slower is said, not failed: the deployment works, but the alarm-timing budget rests on it.
 */
export function againstModel(measuredMs: number, modelMs: number | undefined): string {
  if (modelMs === undefined) return seconds(measuredMs);
  const slower = measuredMs > modelMs ? ', slower than the model assumes' : '';
  return `${seconds(measuredMs)} (model ${seconds(modelMs)}${slower})`;
}
