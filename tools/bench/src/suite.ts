import type { Figure, SuiteName } from './results';

/** Sizes of one bench run; `--quick` and the unit test shrink them. */
export interface Sizes {
  warmups: number;
  runs: number;
  parserLines: number;
  /** Records per aggregator event (ARCHITECTURE.md section 8 budgets 10,000-record events). */
  eventRecords: number;
  /** Events per timed aggregator run: one window's worth, the last one final. */
  eventsPerRun: number;
  stateClientIps: readonly number[];
  publisherAggregates: number;
  lifecycleFleets: readonly number[];
  e2eLines: number;
  /** Timed end-to-end replays (each one is heavy, so fewer than `runs`). */
  e2eRuns: number;
  /** Simulated minutes of the alarm suite's demo (both its floods are within the first 70). */
  alarmDemoMinutes: number;
  /** Hours of the alarm suite's diurnal log, and its mean lines per hour. */
  alarmLogHours: number;
  alarmLinesPerHour: number;
}

export const DEFAULT_SIZES: Sizes = {
  warmups: 1,
  runs: 5,
  parserLines: 1_000_000,
  eventRecords: 10_000,
  eventsPerRun: 10,
  stateClientIps: [1_000, 10_000, 100_000],
  publisherAggregates: 1_000,
  lifecycleFleets: [100, 1_000, 10_000],
  e2eLines: 1_000_000,
  e2eRuns: 3,
  alarmDemoMinutes: 120,
  alarmLogHours: 96,
  alarmLinesPerHour: 10_000,
};

export const QUICK_SIZES: Sizes = {
  warmups: 1,
  runs: 3,
  parserLines: 20_000,
  eventRecords: 1_000,
  eventsPerRun: 2,
  stateClientIps: [1_000, 10_000],
  publisherAggregates: 1_000,
  lifecycleFleets: [100, 1_000],
  e2eLines: 10_000,
  e2eRuns: 2,
  alarmDemoMinutes: 70,
  alarmLogHours: 24,
  alarmLinesPerHour: 3_000,
};

export interface SuiteContext {
  sizes: Sizes;
  /** Scratch directory for generated files; removed after the run. */
  tmpDir: string;
  /** Run the aggregator in a child process so its peak RSS is its own. */
  isolate: boolean;
  report(figure: Figure): void;
  skip(what: string, reason: string): void;
  log(message: string): void;
}

export type Suite = (ctx: SuiteContext) => Promise<void>;
export type SuiteTable = Record<SuiteName, Suite>;
