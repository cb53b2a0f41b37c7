import { PIPELINE_FUNCTIONS, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { AsyncLambda } from './__fixtures__/async-lambda';
import { launchEvent, metadataJson } from './__fixtures__/events';
import { createHarness, START, STATIC_CSV } from './__fixtures__/harness';
import type { LifecycleSyncResult } from './create-handler';
import { seeded } from './__fixtures__/seeded';

// The scenario: infra's defaults (hookHeartbeatSeconds 120; lifecycle-sync's maximum event age
// 6 hours, PIPELINE_FUNCTIONS), a run of lifecycle-sync taking 1 s (about 9 API calls), and a scale-out of 100
// instances launched within 10 s, each launch event arriving within 1 s of its launch.
const HEARTBEAT_MS = 120_000;
const MAX_EVENT_AGE_MS = PIPELINE_FUNCTIONS.lifecycleSync.maxEventAgeSeconds * 1000;
const RUN_MS = 1_000;
const HOSTS = 100;

/**
 * A scale-out of 100 instances through lifecycle-sync with no reserved concurrency on an account
 * whose unreserved concurrency leaves it `concurrency` runs at once: the rest are throttled and
 * retried as Lambda retries throttled asynchronous invocations (`AsyncLambda`), in lockstep or
 * with jitter. A lifecycle action still open at its hook's heartbeat timeout ends on its own with
 * the default result, CONTINUE.
 */
async function scaleOut(concurrency: number, seed: number, jitter: boolean) {
  // The schedule (launches, jitter) has its own sequence, so it does not depend on how many S3
  // answers the runs drew: the figures below are the model's alone.
  const random = seeded(seed);
  const h = createHarness({ WATCHED_GROUPS: 'web-asg' }, { random: seeded(seed + 1000) });
  const metadata = metadataJson('web', 'web@example.com');
  h.fleet.addGroup('web-asg', { hooks: [{ name: 'fleetlog-launch', metadata }] });
  h.s3.seed(REFERENCE_KEYS.staticHosts, STATIC_CSV);

  const lambda = new AsyncLambda<unknown, LifecycleSyncResult>((event) => h.handler(event), {
    concurrency,
    durationMs: RUN_MS,
    maxEventAgeMs: MAX_EVENT_AGE_MS,
    onStart: (nowMs) => void (h.clock.now = START + nowMs),
    // "Equal jitter": somewhere in the second half of the documented interval.
    retryDelayMs: jitter ? (ms) => Math.round(ms / 2 + (random() * ms) / 2) : undefined,
  });
  const endedByHeartbeat = new Set<string>();
  for (let n = 0; n < HOSTS; n++) {
    const launchAtMs = Math.floor(random() * 10_000);
    const id = `i-${n}`;
    const token = `tok-${n}`;
    lambda.at(launchAtMs, () => {
      h.fleet.launch('web-asg', { id, privateIp: `10.1.0.${n + 1}` }, token);
    });
    lambda.enqueue(
      launchAtMs + 1 + Math.floor(random() * 1_000),
      launchEvent('web-asg', id, token, metadata),
    );
    lambda.at(launchAtMs + HEARTBEAT_MS, () => {
      if (!h.fleet.pendingActions.delete(token)) return;
      endedByHeartbeat.add(token);
      const instance = h.fleet.findInstance(id);
      if (instance?.lifecycleState === 'Pending:Wait') instance.lifecycleState = 'InService';
    });
  }
  await lambda.drain();
  const started = lambda.records.flatMap((r) => (r.startedAtMs === undefined ? [] : [r]));
  const figures = {
    /** When the last event's run started, s after the first launch. */
    lastStartS: Math.round(Math.max(...started.map((r) => r.startedAtMs ?? 0)) / 1000),
    mostThrottles: Math.max(...lambda.records.map((r) => r.throttles)),
    /** Actions the heartbeat timeout ended before their event ran. */
    endedByHeartbeat: endedByHeartbeat.size,
    /** Events older than the maximum event age: LifecycleEventsDlq. */
    discarded: lambda.records.filter((r) => r.discarded).length,
  };
  return { h, lambda, endedByHeartbeat, figures };
}

/** What must hold whatever the throttling: no host lost, no action ended twice. */
function expectNoHostLost({ h, lambda, endedByHeartbeat }: Awaited<ReturnType<typeof scaleOut>>) {
  // Every host is in the map, the static rows intact: each run renders the whole fleet, Pending:Wait
  // instances included, so a host is mapped by any run after its launch, its own event or not.
  const map = h.mapOf();
  for (let n = 0; n < HOSTS; n++) expect(map[`10.1.0.${n + 1}`]).toBe('web');
  expect(map['192.0.2.10']).toBe('legacy-batch');
  expect(map['192.0.2.11']).toBe('partner-proxy');
  expect(Object.keys(map)).toHaveLength(HOSTS + 2);
  expect(h.s3.text(REFERENCE_KEYS.staticHosts)).toBe(STATIC_CSV);
  expect(lambda.results.every((r) => r.ok && r.completed === true)).toBe(true);
  expect(h.metrics).toHaveLength(0); // no LifecycleSyncFailures data point

  // Each lifecycle action ended once: completed by lifecycle-sync exactly once, or (its event still
  // throttled at the heartbeat timeout) by Auto Scaling with CONTINUE, and then found already done
  // ("No active lifecycle action") rather than completed twice.
  const completed = h.fleet.completed.map((c) => c.LifecycleActionToken ?? '');
  expect(new Set(completed).size).toBe(completed.length);
  expect(completed.filter((token) => endedByHeartbeat.has(token))).toEqual([]);
  expect(completed.length + endedByHeartbeat.size).toBe(HOSTS);
  expect(h.fleet.completed.every((c) => c.LifecycleActionResult === 'CONTINUE')).toBe(true);
  expect(h.fleet.pendingActions.size).toBe(0);
}

// The figures libs/lifecycle-sync/README.md quotes ("Throttled, not lost"): when the last event's
// run started (s after the first launch), the most throttles of one event, actions the heartbeat
// timeout ended before their event ran, events discarded at the maximum event age.
type Figures = Awaited<ReturnType<typeof scaleOut>>['figures'];
const figures = (
  lastStartS: number,
  mostThrottles: number,
  endedByHeartbeat: number,
  discarded: number,
): Figures => ({ lastStartS, mostThrottles, endedByHeartbeat, discarded });

describe('a scale-out of 100 instances without reserved concurrency, throttled', () => {
  it.each([
    [1, 1, figures(448, 9, 24, 0)],
    [2, 2, figures(118, 7, 0, 0)],
    [5, 3, figures(34, 5, 0, 0)],
  ])(
    'loses no host and no event with %i run(s) at once, retries jittered (seed %i)',
    async (n, seed, expected) => {
      const run = await scaleOut(n, seed, true);
      // The limit held and was reached: events were throttled and retried.
      expect(run.lambda.peakRunning).toBe(n);
      expect(run.figures).toEqual(expected);
      // Every event ran, within the maximum event age: nothing in LifecycleEventsDlq.
      expect(run.lambda.results).toHaveLength(HOSTS);
      expect(run.lambda.results.filter((r) => r.completion === 'already-done')).toHaveLength(
        run.endedByHeartbeat.size,
      );
      expectNoHostLost(run);
    },
  );

  it.each([
    [1, figures(3815, 20, 59, 0)],
    [2, figures(1115, 11, 27, 0)],
    [5, figures(35, 5, 0, 0)],
  ])(
    'loses no host and no event with %i run(s) at once, retries in lockstep (the worst case)',
    async (n, expected) => {
      const run = await scaleOut(n, 1, false);
      expect(run.lambda.peakRunning).toBe(n);
      expect(run.figures).toEqual(expected);
      // With one run at a time the last event runs after 20 throttles, 64 minutes after its
      // launch: a 1-hour maximum event age discarded it (LifecycleEventsDlq, whose alarm fired
      // though its host was mapped by the runs that did start); the 6 hours keep it.
      expect(run.lambda.results.length).toBe(HOSTS);
      expectNoHostLost(run);
    },
  );
});
