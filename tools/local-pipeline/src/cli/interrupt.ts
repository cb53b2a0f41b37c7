// How a run notices Ctrl-C: main aborts the run's signal, the demo and the replay check it between
// batches and give the event loop a turn now and then so the signal can arrive at all.

/** One turn of the event loop: pending signals, I/O and timers run before the caller goes on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Ctrl-C or SIGTERM: the run stops between batches. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  constructor() {
    super('interrupted');
  }
}

/** A SIGINT this soon after the first is the same Ctrl-C relayed by a wrapper (npm, tsx), not a second one. */
const SIGINT_ECHO_MS = 1_500;

/** The exit code of a run stopped by `signal`: 128 + its number (130 Ctrl-C, 143 SIGTERM). */
export function interruptedExitCode(signal: unknown): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM aborts `abort` with the signal's name as its reason (the run stops
 * its servers and ends with interruptedExitCode); a second Ctrl-C exits at once. Returns the
 * function that stops listening.
 */
export function listenForCtrlC(abort: AbortController): () => void {
  let interruptedAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) {
      // A wrapper (npm, or the tsx CLI) may relay the terminal's Ctrl-C once more when we are slow:
      // that echo is the same Ctrl-C. A second one from the user does not wait for the servers.
      if (Date.now() - interruptedAt < SIGINT_ECHO_MS) return;
      process.exit(interruptedExitCode(signal));
    }
    interruptedAt = Date.now();
    process.stderr.write(
      `\n${signal === 'SIGINT' ? 'interrupted' : `interrupted (${signal})`}: stopping the embedded servers…\n`,
    );
    abort.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
