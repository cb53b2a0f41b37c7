import { describeError } from './failure';

/** One thing verify created or changed, and how to undo it. */
interface CleanupTask {
  /** What it is, for the report, e.g. "queue fleetlog-verify-abc". */
  readonly what: string;
  /** How a person removes it when verify could not, e.g. an AWS CLI command. */
  readonly byHand: string;
  /** Undoes it; resolves to false when there turned out to be nothing to undo. */
  readonly undo: () => Promise<boolean | void>;
}

/**
 * Everything a run creates is registered here before it is created, and undone at the end in
 * reverse order, each independently: on success, on failure and on Ctrl-C alike (ARCHITECTURE.md
 * section 6d: verify cleans up after itself).
 */
export class Cleanup {
  private readonly tasks: CleanupTask[] = [];
  /** What was undone, in the order it was. */
  readonly done: string[] = [];
  /** What could not be removed, each with how to remove it by hand. */
  readonly left: string[] = [];

  /** @param report - told of each removal and each failure to remove, as they happen */
  constructor(private readonly report: (line: string) => void = () => undefined) {}

  add(what: string, byHand: string, undo: () => Promise<boolean | void>): void {
    this.tasks.push({ what, byHand, undo });
  }

  /** Undoes every registered task, newest first; may run again for tasks added later. */
  async runAll(): Promise<void> {
    while (this.tasks.length > 0) {
      const task = this.tasks.pop() as CleanupTask;
      try {
        if ((await task.undo()) === false) continue;
        this.done.push(task.what);
        this.report(`cleaned up: ${task.what}`);
      } catch (error) {
        const left = `${task.what} (${describeError(error).message}): ${task.byHand}`;
        this.left.push(left);
        this.report(`LEFT BEHIND ${left}`);
      }
    }
  }
}

/** Milliseconds a cleanup call may take; cleanup runs after Ctrl-C, so not on the run's signal. */
export const CLEANUP_CALL_TIMEOUT_MS = 30_000;

/**
 * The call options of a cleanup call, and of a call that creates something: its own timeout,
 * never the (maybe aborted) run's signal, so that Ctrl-C cannot cut a creation short after AWS
 * made the thing but before verify learnt its name.
 */
export function cleanupCallOptions(): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(CLEANUP_CALL_TIMEOUT_MS) };
}
