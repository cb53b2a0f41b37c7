import { AbortedError } from '../cli/interrupt';
import { silentProgress, type Progress } from '../cli/progress';
import type { ScaleEvent, SimInstance } from '../fleet/simulated-fleet';
import {
  outputPaths,
  prepareOutputDir,
  type OutputPaths,
  type RunOutputs,
} from '../report/run-outputs';
import { compareWithLog, publishedRequestCounts, type FaultReport } from '../cloud/fault-report';
import { drain, scaleEvents, setUp, startPipeline, traffic, writeOutputs } from './demo-steps';
import type { ExpectedFlood, ExpectedTotals } from './oracle';
import { scenarioProblems, type DemoScenario } from './scenario';
import { segmentBoundaries } from './timeline';

export type { ExpectedFlood, ExpectedTotals } from './oracle';

export interface DemoOptions {
  scenario: DemoScenario;
  outDir: string;
  progress?: Progress;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Aborts between segments (Ctrl-C); the servers are stopped either way. */
  signal?: AbortSignal;
  /**
   * `--inject-faults SEED`: the handlers fail at seeded random points and are re-delivered as
   * Lambda would; `faults` in the summary says what was injected and whether CloudWatch's totals
   * still equal the oracle's.
   * @default none: no faults
   */
  injectFaults?: number;
}

export interface DemoSummary extends RunOutputs {
  files: OutputPaths;
  /** The oracle's counts (oracle.ts): what the pipeline must have reported. */
  expected: ExpectedTotals;
  scaleEvents: ScaleEvent[];
  /** Every instance that ever existed, as the run left it (state, addresses, termination time). */
  instances: SimInstance[];
  /** Simulated time of the last lifecycle-sync invocation: grace periods are judged against it. */
  lastLifecycleMs: number;
  /** Handler invocations the pollers saw fail (retried; there should be none). */
  pollerFailures: number;
  /** Every caller host whose launch hook ran, with its application. */
  callerHosts: Map<string, string>;
  floodBucket: string;
  /** The floods the alarms must answer, each once (oracle.ts). */
  expectedFloods: ExpectedFlood[];
  /** The known application's burst: its bucket, host and application. */
  knownFlood: { bucket: string; host: string; applicationName: string };
  lifecycleFailures: number;
  kinesisRecords: number;
  aggregatesEmitted: number;
  publishedDataPoints: number;
  /** Under `--inject-faults`: the faults injected, and CloudWatch's totals against the oracle's. */
  faults?: FaultReport;
  elapsedMs: number;
}

/**
 * The demo: a simulated fleet that scales out and in (each step through the real lifecycle-sync
 * handler, so the map in S3 follows the fleet), traffic from its callers, static hosts, unknown
 * hosts and one unknown flood, shipped as raw lines to the input stream and run through the
 * real aggregator and metrics publisher. Simulated time advances one segment (at most one
 * minute, a tumbling window) at a time: scale events first, then that segment's traffic, then
 * the pipeline catches up and the windows close — so the map a request meets is the fleet of its
 * own time, and every data point reaches CloudWatch in the simulated clock. The steps are in
 * demo-steps.ts.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const s = options.scenario;
  const problems = scenarioProblems(s);
  if (problems.length > 0) throw new Error(`invalid demo scenario: ${problems.join('; ')}`);
  const progress = options.progress ?? silentProgress;
  const files = outputPaths(options.outDir);
  await prepareOutputDir(files);

  // The simulated clock the pipeline's data points are stamped with (ARCHITECTURE.md 6b).
  const demoClock = { windowEndMs: s.startMs };
  const pipeline = await startPipeline(s, files, options.logLevel, demoClock, options.injectFaults);
  try {
    const run = await setUp(s, pipeline, progress, options.logLevel, demoClock);
    const boundaries = segmentBoundaries(s);
    progress.phase('simulating', s.durationMinutes);
    for (let i = 0; i + 1 < boundaries.length; i++) {
      if (options.signal?.aborted) throw new AbortedError();
      await scaleEvents(run, boundaries[i]);
      await traffic(run, i, boundaries[i], boundaries[i + 1]);
    }
    await drain(run);
    const outputs = await writeOutputs(run, files);

    const { lifecycle, oracle, shipper } = run;
    const injected = pipeline.faults();
    return {
      ...outputs,
      files,
      expected: oracle.expected,
      scaleEvents: lifecycle.fleet.scaleEvents,
      instances: lifecycle.fleet.allInstances().map((i) => ({ ...i })),
      lastLifecycleMs: lifecycle.lastLifecycleMs,
      pollerFailures: pipeline.counters.failures.length,
      callerHosts: lifecycle.callerHosts,
      floodBucket: oracle.floodBucket,
      expectedFloods: oracle.floods(),
      knownFlood: { ...oracle.knownFlood },
      lifecycleFailures: lifecycle.failures,
      kinesisRecords: shipper.stats.records,
      aggregatesEmitted: pipeline.counters.aggregatesEmitted,
      publishedDataPoints: pipeline.counters.publishedDataPoints,
      faults: injected && {
        ...injected,
        // Per bucket and application: the oracle counted every line shipped.
        ...compareWithLog(
          oracle.expected.requests,
          publishedRequestCounts(pipeline.cloudWatch.inputs),
        ),
      },
      elapsedMs: Date.now() - started,
    };
  } finally {
    await pipeline.stop();
  }
}
