import { throwIfAborted, type Clock } from './clock';
import { StepTimeout } from './failure';

/** How a wait for something to appear goes. */
export interface WaitSpec<T> {
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  /** The step's time limit, seconds. */
  readonly timeoutSeconds: number;
  /** Milliseconds between two probes. */
  readonly pollMs: number;
  /** What is awaited, for the timeout message, e.g. "aggregate on the output stream". */
  readonly waitingFor: string;
  /** Where to look when it never comes. */
  readonly lookAt: string;
  /** One look: the thing when it is there, else undefined. */
  probe(remainingMs: number): Promise<T | undefined>;
}

/** Probes until the thing appears; StepTimeout when the time limit passes first. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<T> {
  const deadline = spec.clock.now() + spec.timeoutSeconds * 1000;
  for (;;) {
    throwIfAborted(spec.signal);
    const found = await spec.probe(Math.max(0, deadline - spec.clock.now()));
    if (found !== undefined) return found;
    const remaining = deadline - spec.clock.now();
    if (remaining <= 0) throw new StepTimeout(spec.timeoutSeconds, spec.waitingFor, spec.lookAt);
    await spec.clock.sleep(Math.min(spec.pollMs, remaining), spec.signal);
  }
}
