import { DEFAULT_INPUTS, type CostInputs } from '../inputs';

export const MONTH_SECONDS = 730 * 3600; // 2,628,000

/** One line a second of 1,000-byte lines, one application, one shard. */
export const small: CostInputs = {
  ...DEFAULT_INPUTS,
  linesPerMonth: MONTH_SECONDS,
  apps: 1,
  shards: 1,
  lineBytes: 1000,
  linesPerRecord: 1,
  peakFactor: 1,
  secondsPerRecord: 1e-6,
  invocationOverheadMs: 0,
};
