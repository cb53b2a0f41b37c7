import type { Clock } from './clock';
import type { Cleanup } from './cleanup';
import type { VerifyClients } from './clients';
import type { ResolvedVerifyOptions } from './options';
import type { DeployedStack } from './stack';
import type { OutputStreamWatch } from './output-watch';
import type { TestLine } from './test-line';

/** The lags of one run, ms (ARCHITECTURE.md section 6b: the figures the timing model assumes). */
export interface LagFigures {
  /** From the test line's PutRecord to its aggregate on the output stream. */
  putToAggregateMs?: number;
  /** From the PutRecord to its minute's RequestCount visible through GetMetricData. */
  putToMetricMs?: number;
  /** From the end of the test line's minute to the metric being visible. */
  minuteEndToMetricMs?: number;
  /** From SetAlarmState to the notifier's message in the temporary queue. */
  stateChangeToNotifiedMs?: number;
}

/** The lags a run measured. */
export type MeasuredLags = LagFigures;

/** State the steps share, filled in as they run. */
export interface VerifyContext {
  readonly clients: VerifyClients;
  readonly clock: Clock;
  readonly options: ResolvedVerifyOptions;
  /** What was created, removed at the end whatever happens. */
  readonly cleanup: Cleanup;
  /** Prints a line between the step lines (notices). */
  readonly note: (text: string) => void;
  readonly lags: MeasuredLags;
  /** What the timing model assumes for this run's test line (set when the line is put). */
  model?: LagFigures;
  stack?: DeployedStack;
  watch?: OutputStreamWatch;
  line?: TestLine & { putAtMs: number };
  /** The application the test line was counted under, from its aggregate. */
  application?: string;
  /** Requests of that aggregate: the metric must show at least as many. */
  aggregatedRequests?: number;
}

/** The stack found by step 1; a later step running without it is a programming error. */
export function requireStack(ctx: VerifyContext): DeployedStack {
  if (!ctx.stack) throw new Error('the stack step has not run');
  return ctx.stack;
}

/** The call options of every AWS call of a step: Ctrl-C aborts it. */
export function callOptions(ctx: VerifyContext): { abortSignal?: AbortSignal } {
  return ctx.options.signal ? { abortSignal: ctx.options.signal } : {};
}
