// How a run notices Ctrl-C: main aborts the run's signal, the demo and the replay check it between
// batches and give the event loop a turn now and then so the signal can arrive at all.

/** One turn of the event loop: pending signals, I/O and timers run before the caller goes on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Ctrl-C: the run stops between batches. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  constructor() {
    super('interrupted');
  }
}

/** A SIGINT this soon after the first is the same Ctrl-C relayed by a wrapper (npm, tsx), not a second one. */
const SIGINT_ECHO_MS = 1_500;

/**
 * Ctrl-C aborts `abort` (the run stops its servers and ends with exit code 130); a second Ctrl-C
 * exits at once. Returns the function that stops listening.
 */
export function listenForCtrlC(abort: AbortController): () => void {
  let interruptedAt = 0;
  const onSigint = (): void => {
    if (abort.signal.aborted) {
      // A wrapper (npm, or the tsx CLI) may relay the terminal's Ctrl-C once more when we are slow:
      // that echo is the same Ctrl-C. A second one from the user does not wait for the servers.
      if (Date.now() - interruptedAt < SIGINT_ECHO_MS) return;
      process.exit(130);
    }
    interruptedAt = Date.now();
    process.stderr.write('\ninterrupted: stopping the embedded servers…\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}
