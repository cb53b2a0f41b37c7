/**
 * The data points of one time series, indexed so that the period Sums CloudWatch would see at an
 * evaluation instant (only data points that had arrived by then) cost O(distinct timestamps in the
 * evaluation range), however many data points the series has and in whatever order they came.
 */

/** A data point as it reached CloudWatch. */
export interface ArrivedDatapoint {
  /** The data point's own timestamp (fleetlog: the start of its minute), epoch ms. */
  readonly timestampMs: number;
  /** Its value; several data points may share a timestamp (partials) and the Sum adds them. */
  readonly value: number;
  /** When CloudWatch had it (after the pipeline's lag), epoch ms. */
  readonly arrivedAtMs: number;
}

function checkDatapoint(point: ArrivedDatapoint): void {
  if (
    !Number.isFinite(point.timestampMs) ||
    !Number.isFinite(point.value) ||
    !Number.isFinite(point.arrivedAtMs)
  ) {
    throw new RangeError(
      `data point with a non-finite field: ${point.timestampMs}, ${point.value}, ${point.arrivedAtMs}`,
    );
  }
}

/**
 * Per distinct timestamp, the partials in arrival order with running sums. Queries must come with
 * non-decreasing evaluation instants: each timestamp keeps a cursor over its partials that only
 * moves forward, so the whole replay reads every partial once.
 */
export class SeriesIndex {
  /** Distinct timestamps, ascending. */
  private readonly times: Float64Array;
  /** `starts[i]..starts[i + 1]` are timestamp i's partials in `arrivals` / `sums`. */
  private readonly starts: Int32Array;
  /** Arrival instants, ascending within each timestamp. */
  private readonly arrivals: Float64Array;
  /** Running sum of the values within each timestamp, in arrival order. */
  private readonly sums: Float64Array;
  /** Per timestamp: how many of its partials had arrived at the last query. */
  private readonly arrived: Int32Array;
  private lastQueryMs = -Infinity;

  constructor(datapoints: readonly ArrivedDatapoint[]) {
    const count = datapoints.length;
    const stamps = new Float64Array(count);
    const arrived = new Float64Array(count);
    const values = new Float64Array(count);
    datapoints.forEach((point, i) => {
      checkDatapoint(point);
      stamps[i] = point.timestampMs;
      arrived[i] = point.arrivedAtMs;
      values[i] = point.value;
    });
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => stamps[a] - stamps[b] || arrived[a] - arrived[b] || a - b);
    const times: number[] = [];
    const starts: number[] = [];
    this.arrivals = new Float64Array(count);
    this.sums = new Float64Array(count);
    let running = 0;
    order.forEach((p, i) => {
      if (i === 0 || stamps[p] !== times[times.length - 1]) {
        times.push(stamps[p]);
        starts.push(i);
        running = 0;
      }
      running += values[p];
      this.arrivals[i] = arrived[p];
      this.sums[i] = running;
    });
    starts.push(count);
    this.times = Float64Array.from(times);
    this.starts = Int32Array.from(starts);
    this.arrived = new Int32Array(times.length);
  }

  /** Number of data points indexed. */
  get size(): number {
    return this.arrivals.length;
  }

  /** Index of the first timestamp `>= t`. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The period Sums of the `rangePeriods` periods ending at `atMs` (`[atMs - k·period, atMs -
   * (k-1)·period)` for k = rangePeriods … 1), counting only data points with `arrivedAtMs <= atMs`;
   * `undefined` for a period in which none had arrived (a missing data point). Oldest first.
   */
  periodSums(atMs: number, periodMs: number, rangePeriods: number): (number | undefined)[] {
    if (atMs < this.lastQueryMs) {
      throw new RangeError(`evaluation instants must not go back (${atMs} < ${this.lastQueryMs})`);
    }
    this.lastQueryMs = atMs;
    const out: (number | undefined)[] = new Array<number | undefined>(rangePeriods).fill(undefined);
    const rangeStart = atMs - rangePeriods * periodMs;
    const end = this.lowerBound(atMs);
    for (let i = this.lowerBound(rangeStart); i < end; i++) {
      const first = this.starts[i];
      const count = this.starts[i + 1] - first;
      let arrived = this.arrived[i];
      while (arrived < count && this.arrivals[first + arrived] <= atMs) arrived++;
      this.arrived[i] = arrived;
      if (arrived === 0) continue;
      const slot = Math.floor((this.times[i] - rangeStart) / periodMs);
      out[slot] = (out[slot] ?? 0) + this.sums[first + arrived - 1];
    }
    return out;
  }
}
