import type { LagFigures, MeasuredLags } from './context';
import { againstModel } from './lag-model';

/** PASS and FAIL are checks; SKIP a check left out; NOTE a line between checks. */
export type StepStatus = 'PASS' | 'FAIL' | 'SKIP' | 'NOTE';

/** One printed line. */
export interface StepResult {
  readonly status: StepStatus;
  /** The check's name; empty for a NOTE. */
  readonly step: string;
  /** How long the check took, ms. */
  readonly elapsedMs: number;
  /** What was found, or what failed. */
  readonly detail: string;
}

const STEP_WIDTH = 13;

/** `PASS  aggregate       72.4 s  UNKNOWN 18:45 ...`: status, check, time, detail. */
export function formatStepLine(result: StepResult): string {
  if (result.status === 'NOTE')
    return `NOTE  ${''.padEnd(STEP_WIDTH)} ${''.padStart(8)}  ${result.detail}`;
  const time = `${(result.elapsedMs / 1000).toFixed(1)} s`;
  return `${result.status.padEnd(4)}  ${result.step.padEnd(STEP_WIDTH)} ${time.padStart(8)}  ${result.detail}`;
}

/**
 * The measured lags in one line, each beside what the model assumes (ARCHITECTURE.md section 6b:
 * the figures the alarm-timing model assumes, measured in the user's account), or undefined when
 * none was measured.
 */
export function formatLags(lags: MeasuredLags, model: LagFigures = {}): string | undefined {
  const names: [keyof LagFigures, string][] = [
    ['putToAggregateMs', 'put to aggregate'],
    ['putToMetricMs', 'put to metric'],
    ['minuteEndToMetricMs', 'minute end to metric'],
    ['stateChangeToNotifiedMs', 'alarm to notification'],
  ];
  const parts = names.flatMap(([key, name]) => {
    const measured = lags[key];
    return measured === undefined ? [] : [`${name} ${againstModel(measured, model[key])}`];
  });
  return parts.length === 0 ? undefined : `lags: ${parts.join(', ')}`;
}

/**
 * The last line of a run: on success the checks and lags (standard output), otherwise one line
 * saying what failed and what to look at (standard error).
 */
export function finalLine(report: {
  readonly ok: boolean;
  readonly steps: readonly StepResult[];
  readonly failure?: { readonly step: string; readonly message: string; readonly lookAt: string };
  readonly lags: MeasuredLags;
  readonly model?: LagFigures;
}): string {
  if (report.failure) {
    const { step, message, lookAt } = report.failure;
    return `fleetlog verify: ${step}: ${message}; look at ${lookAt}`;
  }
  const passed = report.steps.filter((r) => r.status === 'PASS').length;
  const lags = formatLags(report.lags, report.model);
  return `verify: all ${passed} checks passed${lags ? `; ${lags}` : ''}`;
}
