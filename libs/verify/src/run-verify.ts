import { alarmNotice, forceTestAlarm } from './alarm-step';
import { Cleanup } from './cleanup';
import { InterruptedError, systemClock, type Clock } from './clock';
import type { VerifyClients } from './clients';
import { requireStack, type LagFigures, type MeasuredLags, type VerifyContext } from './context';
import { describeError, StepFailure } from './failure';
import { checkMap } from './map-step';
import { resolveVerifyOptions, type VerifyOptions } from './options';
import { awaitAggregate, awaitMetric, putTestLine } from './pipeline-steps';
import { checkFailureQueues } from './queues-step';
import { formatStepLine, type StepResult } from './report';
import { describeStackFound, findStack } from './stack';

/** What runVerify needs besides its options. */
export interface VerifyDeps {
  readonly clients: VerifyClients;
  /** Receives every line as it happens: checks, notices, cleanup. */
  readonly print: (line: string) => void;
  /**
   * Time and sleeps.
   * @default systemClock
   */
  readonly clock?: Clock;
}

/** The outcome of a run. */
export interface VerifyReport {
  /** Every check passed. */
  readonly ok: boolean;
  /** Ctrl-C stopped the run. */
  readonly interrupted: boolean;
  readonly steps: readonly StepResult[];
  /** The first failure: what, and where to look. */
  readonly failure?: { readonly step: string; readonly message: string; readonly lookAt: string };
  readonly lags: MeasuredLags;
  /** What the alarm-timing model assumes for the same lags (ARCHITECTURE.md section 6b). */
  readonly model: LagFigures;
  /** What verify created and could not remove, each with how to remove it by hand. */
  readonly leftBehind: readonly string[];
}

interface Step {
  readonly name: string;
  readonly run: (ctx: VerifyContext) => Promise<string>;
  /** Printed before the step runs. */
  readonly notice?: (ctx: VerifyContext) => string;
  /** Why the step is left out, when it is. */
  readonly skipped?: string;
}

async function stackStep(ctx: VerifyContext): Promise<string> {
  const { stackName, region, signal } = ctx.options;
  const call = signal ? { abortSignal: signal } : {};
  ctx.stack = await findStack(ctx.clients.cloudFormation, stackName, region, call);
  return describeStackFound(ctx.stack);
}

/** The checks in order (ARCHITECTURE.md section 6d). */
function steps(skipAlarm: boolean): Step[] {
  return [
    { name: 'stack', run: stackStep },
    { name: 'test line', run: putTestLine },
    { name: 'aggregate', run: awaitAggregate },
    { name: 'metric', run: awaitMetric },
    {
      name: 'notification',
      run: forceTestAlarm,
      notice: (ctx) => alarmNotice(requireStack(ctx)),
      skipped: skipAlarm ? '--skip-alarm: no alarm forced, nobody notified' : undefined,
    },
    { name: 'map', run: checkMap },
    { name: 'failed events', run: checkFailureQueues },
  ];
}

/** Runs one step: its result line, and the failure when it failed. */
async function runStep(
  step: Step,
  ctx: VerifyContext,
): Promise<{ result: StepResult; failure?: StepFailure; interrupted: boolean }> {
  const started = ctx.clock.now();
  const elapsed = () => ctx.clock.now() - started;
  try {
    const detail = await step.run(ctx);
    return {
      result: { status: 'PASS', step: step.name, elapsedMs: elapsed(), detail },
      interrupted: false,
    };
  } catch (error) {
    const interrupted = error instanceof InterruptedError || ctx.options.signal?.aborted === true;
    const failure = interrupted
      ? new StepFailure('interrupted (Ctrl-C)', 'nothing: run verify again')
      : describeError(error);
    return {
      result: { status: 'FAIL', step: step.name, elapsedMs: elapsed(), detail: failure.message },
      failure,
      interrupted,
    };
  }
}

/**
 * `fleetlog verify` (ARCHITECTURE.md section 6d): runs the checks in order, one line each with its
 * time and PASS/FAIL, stops at the first failure, and removes what it created in every case
 * (success, failure, Ctrl-C).
 */
export async function runVerify(options: VerifyOptions, deps: VerifyDeps): Promise<VerifyReport> {
  const resolved = resolveVerifyOptions(options);
  const note = (detail: string) =>
    deps.print(formatStepLine({ status: 'NOTE', step: '', elapsedMs: 0, detail }));
  const cleanup = new Cleanup(note);
  const ctx: VerifyContext = {
    clients: deps.clients,
    clock: deps.clock ?? systemClock,
    options: resolved,
    cleanup,
    note,
    lags: {},
  };
  const results: StepResult[] = [];
  let failure: VerifyReport['failure'];
  let interrupted = false;
  try {
    for (const step of steps(resolved.skipAlarm)) {
      let outcome: Awaited<ReturnType<typeof runStep>>;
      if (step.skipped) {
        outcome = {
          result: { status: 'SKIP', step: step.name, elapsedMs: 0, detail: step.skipped },
          interrupted: false,
        };
      } else {
        if (step.notice) note(step.notice(ctx));
        outcome = await runStep(step, ctx);
      }
      results.push(outcome.result);
      deps.print(formatStepLine(outcome.result));
      if (outcome.failure) {
        const { message, lookAt } = outcome.failure;
        failure = { step: step.name, message, lookAt };
        interrupted = outcome.interrupted;
        break;
      }
    }
  } finally {
    await cleanup.runAll();
  }
  return {
    ok: failure === undefined,
    interrupted,
    steps: results,
    failure,
    lags: ctx.lags,
    model: ctx.model ?? {},
    leftBehind: cleanup.left,
  };
}
