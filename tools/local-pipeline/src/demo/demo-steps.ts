// The steps of a demo run, in order: set-up, then per segment the scale events and the traffic,
// then the drain and the outputs. runDemo (demo.ts) calls them; each names what it does to the
// fleet, the pipeline and the oracle.
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  LINE_TO_AGGREGATOR_MS,
  LOCAL_RESOURCES,
  REFERENCE_KEYS,
  WINDOW_END_TO_CLOUDWATCH_MS,
} from '@fleetlog/pipeline-config';
import { renderReferenceCsv } from '@fleetlog/reference-data';
import { yieldToEventLoop } from '../cli/interrupt';
import type { Progress } from '../cli/progress';
import { LineShipper } from '../cloud/line-shipper';
import { LocalPipeline } from '../cloud/local-pipeline';
import { SimulatedFleet } from '../fleet/simulated-fleet';
import {
  ARCHIVE_DIR,
  writeRunOutputs,
  type OutputPaths,
  type RunOutputs,
} from '../report/run-outputs';
import { LifecycleDriver } from './lifecycle-driver';
import { DemoOracle } from './oracle';
import type { DemoScenario } from './scenario';
import { MINUTE, WINDOW_MS, clock, endMsOf } from './timeline';
import { callersOf, segmentTraffic, type TrafficItem } from './traffic';

type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

/**
 * The demo's simulated clock as the pipeline sees it (ARCHITECTURE.md section 6b): the end of the
 * tumbling window being closed. Its partials reach CloudWatch WINDOW_END_TO_CLOUDWATCH_MS later.
 */
export interface DemoClock {
  windowEndMs: number;
}

/** Everything a run's steps share. */
export interface DemoRun {
  clock: DemoClock;
  /** Lines written in a segment's last seconds: they reach the aggregator in the next window. */
  carry: TrafficItem[];
  scenario: DemoScenario;
  pipeline: LocalPipeline;
  lifecycle: LifecycleDriver;
  shipper: LineShipper;
  oracle: DemoOracle;
  progress: Progress;
}

/**
 * Set-up, first part: fleetlog on embedded Kinesis, S3 and DynamoDB, writing to the run's output
 * files; with `injectFaults`, its handlers fail at seeded points and are re-delivered.
 */
export function startPipeline(
  s: DemoScenario,
  files: OutputPaths,
  logLevel: LogLevel | undefined,
  demoClock: DemoClock,
  injectFaults?: number,
): Promise<LocalPipeline> {
  return LocalPipeline.start({
    injectFaults,
    arrivalClock: () => demoClock.windowEndMs + WINDOW_END_TO_CLOUDWATCH_MS,
    metricsPath: files.metrics,
    aggregatesPath: files.aggregates,
    inputShards: s.inputShards,
    windowMs: s.windowMs,
    // 200 records of 25 lines per invocation: short turns keep the process responsive (Ctrl-C).
    aggregatorBatchSize: 200,
    // The demo exercises the publisher's recent-top-hosts object, as deployed.
    recentTopHosts: true,
    logLevel,
    // The demo always writes its archive (out/archive), for `fleetlog query`.
    archiveDir: join(files.dir, ARCHIVE_DIR),
  });
}

/**
 * Set-up, second part: the static hosts' CSV in the reference bucket, the fleet at the start
 * (launched through the same hooks, before any traffic) and a first reconcile.
 */
export async function setUp(
  s: DemoScenario,
  pipeline: LocalPipeline,
  progress: Progress,
  logLevel: LogLevel | undefined,
  demoClock: DemoClock,
): Promise<DemoRun> {
  const lifecycle = new LifecycleDriver(s, pipeline, progress, logLevel);
  await pipeline.s3.send(
    new PutObjectCommand({
      Bucket: LOCAL_RESOURCES.referenceBucket,
      Key: REFERENCE_KEYS.staticHosts,
      Body: renderReferenceCsv(s.staticHosts),
      ContentType: 'text/csv',
    }),
  );
  for (const group of s.groups)
    for (let i = 0; i < group.initialInstances; i++) await lifecycle.launch(group.name);
  await lifecycle.reconcile(lifecycle.now);
  return {
    clock: demoClock,
    carry: [],
    scenario: s,
    pipeline,
    lifecycle,
    shipper: new LineShipper({
      kinesis: pipeline.kinesis,
      streamName: LOCAL_RESOURCES.inputStream,
    }),
    oracle: new DemoOracle(s),
    progress,
  };
}

/**
 * Scale events at the start `a` of a segment: the plan's steps (each instance through its
 * lifecycle hooks), then the scheduled reconcile when one is due.
 */
export async function scaleEvents(run: DemoRun, a: number): Promise<void> {
  const { scenario: s, lifecycle, progress } = run;
  lifecycle.now = a;
  for (const step of s.scalePlan.filter((p) => s.startMs + p.atMinute * MINUTE === a)) {
    for (let k = 0; k < Math.abs(step.change); k++)
      await (step.change > 0 ? lifecycle.launch(step.group) : lifecycle.scaleIn(step.group));
    const size = lifecycle.fleet.inService(step.group).length;
    progress.note(
      `${clock(a)} scale-${step.change > 0 ? 'out' : 'in'} ${step.group} ${step.change > 0 ? '+' : ''}${step.change} → ${size} in service`,
    );
  }
  if (a > s.startMs && (a - s.startMs) % (s.reconcileEveryMinutes * MINUTE) === 0) {
    await lifecycle.reconcile(a);
  }
}

/**
 * Traffic of segment `index`, [a, b), from the fleet as it is now: each line counted by the
 * oracle and shipped to the input stream, then the pipeline catches up, so the map a request
 * meets is the fleet of its own time. A line reaches the aggregator LINE_TO_AGGREGATOR_MS after
 * it is written (shipper and stream, ARCHITECTURE.md section 6b): the segment's last seconds go
 * with the next segment, into the next window. The segment's windows end at `b` (final
 * invocations), and the publisher's data points reach CloudWatch in the simulated clock.
 */
export async function traffic(run: DemoRun, index: number, a: number, b: number): Promise<void> {
  const { scenario: s, lifecycle, shipper, oracle, pipeline, progress } = run;
  const fleet = lifecycle.fleet;
  oracle.attribute(fleet.inService());
  const lines = segmentTraffic(s, index, a, b, callersOf(s, fleet.inService()), () => {
    const instance = fleet.inService(s.applicationFlood.group)[0];
    if (!instance) throw new Error(`application flood: no ${s.applicationFlood.group} in service`);
    oracle.knownFlood.host = SimulatedFleet.hostOf(instance);
    return oracle.knownFlood.host;
  });
  run.clock.windowEndMs = b;
  for (const item of run.carry.splice(0)) await shipper.add(item.line);
  for (const item of lines) {
    oracle.count(item);
    if (item.epochMs + LINE_TO_AGGREGATOR_MS >= b) run.carry.push(item);
    else await shipper.add(item.line);
    if (oracle.expected.lines % 2_000 === 0) await yieldToEventLoop(); // let Ctrl-C in
  }
  await shipper.flush();
  await pipeline.closeWindows();
  await pipeline.catchUpOutput();
  progress.update(
    (b - s.startMs) / MINUTE,
    `${clock(b)} · ${shipper.stats.lines.toLocaleString('en-US')} lines · ${fleet.inService().length} instances`,
  );
}

/** Drain: the end of input, the open windows' final invocations and everything downstream. */
export async function drain(run: DemoRun): Promise<void> {
  run.lifecycle.now = endMsOf(run.scenario);
  // The last segment's last seconds reach the aggregator in the window after the end.
  run.clock.windowEndMs = endMsOf(run.scenario) + WINDOW_MS;
  for (const item of run.carry.splice(0)) await run.shipper.add(item.line);
  await run.shipper.flush();
  await run.pipeline.drain();
  run.progress.done(`${run.shipper.stats.lines.toLocaleString('en-US')} lines`);
}

/** Outputs: alarms, notifications, the final map and the dashboard with the plan's scale events. */
export function writeOutputs(run: DemoRun, files: OutputPaths): Promise<RunOutputs> {
  const { scenario: s, lifecycle, oracle } = run;
  const scaleEvents = lifecycle.fleet.scaleEvents.filter((e) => e.atMs > s.startMs);
  return writeRunOutputs(run.pipeline, files, {
    title: 'fleetlog demo: requests per source application',
    subtitle: `simulated ${new Date(s.startMs).toISOString().slice(0, 16)}–${new Date(endMsOf(s)).toISOString().slice(11, 16)} UTC · ${s.groups.length} Auto Scaling groups, ${s.staticHosts.length} static hosts, unknown hosts, an unknown and a ${oracle.knownFlood.applicationName} flood · seed ${s.seed}`,
    scaleEvents: scaleEvents.map((e) => ({
      atMs: e.atMs,
      action: e.action,
      label: `${e.action === 'launch' ? '+' : '−'} ${e.applicationName} ${e.host}`,
    })),
    alarmOptions: { unknownSourceThreshold: s.unknownSourceThreshold },
    applicationThreshold: s.applicationThreshold,
  });
}
