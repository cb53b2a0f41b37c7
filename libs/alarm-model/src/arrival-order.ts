/**
 * Data points ordered by the evaluation at which they are first seen, in linear time: evaluations
 * are whole minutes apart, so a counting sort on the evaluation index replaces a comparison sort
 * of every data point by arrival (a four-day replay of 100 contributors holds over a million).
 */
import { EVALUATION_INTERVAL_MS } from './schedule';

/** `order[starts[e] .. starts[e + 1]]` are the indices of the data points first seen at evaluation e. */
export interface ArrivalOrder {
  readonly starts: Int32Array;
  readonly order: Int32Array;
}

/**
 * Groups data points by the first of `instants` (whole minutes, ascending, one minute apart) at
 * which `arrivedAtMs <= instant`; those arriving after the last instant are left out.
 */
export function arrivalOrder(instants: readonly number[], arrivedAtMs: Float64Array): ArrivalOrder {
  const evaluations = instants.length;
  const first = instants[0] ?? 0;
  const slot = new Int32Array(arrivedAtMs.length);
  const starts = new Int32Array(evaluations + 1);
  for (let i = 0; i < arrivedAtMs.length; i++) {
    const e = Math.max(0, Math.ceil((arrivedAtMs[i] - first) / EVALUATION_INTERVAL_MS));
    slot[i] = e < evaluations ? e : -1;
    if (e < evaluations) starts[e + 1]++;
  }
  for (let e = 0; e < evaluations; e++) starts[e + 1] += starts[e];
  const fill = starts.slice(0, evaluations);
  const order = new Int32Array(starts[evaluations]);
  for (let i = 0; i < arrivedAtMs.length; i++) {
    if (slot[i] >= 0) order[fill[slot[i]]++] = i;
  }
  return { starts, order };
}
