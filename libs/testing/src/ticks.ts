/**
 * How long a fake service takes to answer, in event-loop turns (`setImmediate` ticks): a number,
 * or a function drawn once per request (e.g. `() => Math.floor(random() * 4)` for a seeded,
 * replayable interleaving of concurrent requests). 0 answers without yielding to other requests.
 */
export type Latency = number | (() => number);

/** Lets `n` turns of the event loop pass, so other pending requests run in between, as on a network. */
export async function yieldTicks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits out one request's latency: a function is called once, a number is used as is. */
export async function waitLatency(latency: Latency | undefined): Promise<void> {
  await yieldTicks(typeof latency === 'function' ? latency() : (latency ?? 0));
}
