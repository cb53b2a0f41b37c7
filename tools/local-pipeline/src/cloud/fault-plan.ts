/**
 * The faults `--inject-faults SEED` makes the in-process AWS inject (tools/local-pipeline/README.md,
 * "Fault injection"), in the order the summary names them.
 */
export const FAULT_KINDS = [
  'timeoutAfterPutMetricData',
  'partialPutRecords',
  'throttled',
  'crash',
  'duplicateDelivery',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How often each fault strikes where it can: a probability per opportunity. */
export type FaultRates = Readonly<Record<FaultKind, number>>;

/**
 * The default rates: high enough that a small run meets every kind, low enough that each batch
 * still gets through within Lambda's retries.
 * - `timeoutAfterPutMetricData`: per PutMetricData call that succeeded;
 * - `partialPutRecords`: per PutRecords call of the aggregator (about half its entries fail);
 * - `throttled`: per AWS call of the aggregator and the publisher;
 * - `crash`: per AWS call, before it is sent (the container dies between two calls);
 * - `duplicateDelivery`: per publisher batch (a second container gets it too, at the same time).
 */
export const DEFAULT_FAULT_RATES: FaultRates = {
  timeoutAfterPutMetricData: 0.05,
  partialPutRecords: 0.1,
  throttled: 0.03,
  crash: 0.005,
  duplicateDelivery: 0.05,
};

/** Rates of a run without faults: nothing ever strikes. */
export const NO_FAULT_RATES: FaultRates = {
  timeoutAfterPutMetricData: 0,
  partialPutRecords: 0,
  throttled: 0,
  crash: 0,
  duplicateDelivery: 0,
};

/** Faults injected, by kind. */
export type FaultCounts = Record<FaultKind, number>;

export function noFaults(): FaultCounts {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as FaultCounts;
}

export function addFaultCounts(into: FaultCounts, more: Readonly<FaultCounts>): FaultCounts {
  for (const kind of FAULT_KINDS) into[kind] += more[kind];
  return into;
}

/**
 * A seeded source of faults (mulberry32: no dependency, the same numbers on every platform). The
 * same seed draws the same sequence; the faults land on the same calls as long as the calls come
 * in the same order, which a duplicate delivery (two containers racing) or worker shards can vary.
 */
export class FaultPlan {
  readonly counts: FaultCounts = noFaults();
  private state: number;

  constructor(
    readonly seed: number,
    private readonly rates: FaultRates = DEFAULT_FAULT_RATES,
  ) {
    this.state = seed >>> 0;
  }

  /** Whether `kind` strikes at this opportunity; counted when it does. */
  strikes(kind: FaultKind): boolean {
    if (this.random() >= this.rates[kind]) return false;
    this.counts[kind]++;
    return true;
  }

  /** A uniform number in [0, 1). */
  random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A plan of its own for one part of the run (a shard, a stage), from this seed. */
  derive(part: number): FaultPlan {
    return new FaultPlan((Math.imul(this.seed, 31) + part + 1) >>> 0, this.rates);
  }
}
