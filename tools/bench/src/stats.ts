/** Median, min and max of repeated measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('summary of no values');
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
}

export interface RateOptions {
  /** Untimed runs first, so the JIT has compiled the hot path. */
  warmups: number;
  runs: number;
}

/**
 * Runs `work` (which returns how many units it processed) `warmups + runs` times and summarizes
 * the timed runs as units per second.
 */
export async function measureRate(
  options: RateOptions,
  work: () => number | Promise<number>,
): Promise<Summary> {
  for (let i = 0; i < options.warmups; i++) await work();
  const rates: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const start = process.hrtime.bigint();
    const units = await work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(units / Math.max(seconds, 1e-9));
  }
  return summarize(rates);
}
