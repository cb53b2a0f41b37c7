import { PutObjectCommand } from '@aws-sdk/client-s3';
import { generateTraffic } from '@fleetlog/loggen';
import {
  REFERENCE_KEYS,
  UNKNOWN_APPLICATION,
  WINDOW_SECONDS,
  bucketStartMs,
} from '@fleetlog/pipeline-config';
import { renderReferenceCsv } from '@fleetlog/reference-data';
import { AbortedError, yieldToEventLoop } from '../cli/interrupt';
import { createLifecycleHandler, type LifecycleHandler } from './lifecycle';
import { LineShipper } from '../cloud/line-shipper';
import { INPUT_STREAM, LocalPipeline, REFERENCE_BUCKET } from '../cloud/local-pipeline';
import { silentProgress, type Progress } from '../cli/progress';
import {
  outputPaths,
  prepareOutputDir,
  writeRunOutputs,
  type OutputPaths,
  type RunOutputs,
} from '../report/run-outputs';
import { scenarioProblems, type DemoScenario } from './scenario';
import { SimulatedFleetApi } from '../fleet/fleet-api';
import { FleetEventBuilder } from '../fleet/fleet-events';
import { SimulatedFleet, type ScaleEvent, type SimInstance } from '../fleet/simulated-fleet';

export interface DemoOptions {
  scenario: DemoScenario;
  outDir: string;
  progress?: Progress;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Aborts between segments (Ctrl-C); the servers are stopped either way. */
  signal?: AbortSignal;
}

/** What the traffic generator produced, by (bucket start ISO, application): the truth to check. */
export interface ExpectedTotals {
  requests: Map<string, number>;
  malformed: number;
  lines: number;
}

export interface DemoSummary extends RunOutputs {
  files: OutputPaths;
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
  /** The known application's burst: its bucket, host and application. */
  knownFlood: { bucket: string; host: string; applicationName: string };
  lifecycleFailures: number;
  kinesisRecords: number;
  aggregatesEmitted: number;
  publishedDataPoints: number;
  elapsedMs: number;
}

const MINUTE = 60_000;
const BUCKET_MS = WINDOW_SECONDS * 1000;

/**
 * The demo: a simulated fleet that scales out and in (each step through the real lifecycle-sync
 * handler, so the map in S3 follows the fleet), traffic from its callers, static hosts, unknown
 * hosts and one unknown flood, shipped as raw lines to the input stream and run through the
 * real aggregator and metrics publisher. Simulated time advances one segment (at most one
 * bucket) at a time: scale events first, then that segment's traffic, then the pipeline catches
 * up — so the map a request meets is the fleet of its own time.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const s = options.scenario;
  const problems = scenarioProblems(s);
  if (problems.length > 0) throw new Error(`invalid demo scenario: ${problems.join('; ')}`);
  const progress = options.progress ?? silentProgress;
  const files = outputPaths(options.outDir);
  await prepareOutputDir(files);

  const pipeline = await LocalPipeline.start({
    metricsPath: files.metrics,
    aggregatesPath: files.aggregates,
    inputShards: s.inputShards,
    windowMs: s.windowMs,
    // 200 records of 25 lines per invocation: short turns keep the process responsive (Ctrl-C).
    aggregatorBatchSize: 200,
    // The demo exercises the publisher's recent-top-hosts object, as deployed.
    recentTopHosts: true,
    logLevel: options.logLevel,
  });
  try {
    const fleet = new SimulatedFleet(s.groups);
    const fleetApi = new SimulatedFleetApi(fleet);
    const events = new FleetEventBuilder(fleet);
    let simNow = s.startMs;
    const lifecycle: LifecycleHandler = createLifecycleHandler({
      groups: fleet.groups,
      autoScaling: fleetApi.autoScaling,
      ec2: fleetApi.ec2,
      s3: pipeline.s3,
      cloudWatch: pipeline.cloudWatch,
      bucket: REFERENCE_BUCKET,
      now: () => simNow,
      logLevel: options.logLevel,
    });
    await pipeline.s3.send(
      new PutObjectCommand({
        Bucket: REFERENCE_BUCKET,
        Key: REFERENCE_KEYS.staticHosts,
        Body: renderReferenceCsv(s.staticHosts),
        ContentType: 'text/csv',
      }),
    );

    const callerHosts = new Map<string, string>();
    const staticApps = new Map(s.staticHosts.map((r) => [r.host, r.applicationName]));
    let lifecycleFailures = 0;
    let lastLifecycleMs = simNow;
    const runLifecycle = async (event: Parameters<LifecycleHandler>[0]): Promise<void> => {
      lastLifecycleMs = simNow;
      const result = await lifecycle(event);
      if (!result.ok) {
        lifecycleFailures++;
        progress.note(
          `lifecycle-sync failed on ${event['detail-type']}: ${result.error ?? result.reason ?? 'unknown error'}`,
        );
      }
    };
    const launch = async (group: string): Promise<void> => {
      const { instance, action } = fleet.launch(group, simNow);
      await runLifecycle(events.lifecycleAction(action, simNow));
      if (instance.state !== 'InService') {
        throw new Error(
          `lifecycle-sync did not complete the launch hook of ${instance.instanceId}`,
        );
      }
      const spec = s.groups.find((g) => g.name === group);
      callerHosts.set(SimulatedFleet.hostOf(instance), spec?.applicationName ?? '?');
    };
    const scaleIn = async (group: string): Promise<void> => {
      const victim = fleet.inService(group).at(-1);
      if (!victim) throw new Error(`scale-in of ${group}: no instance in service`);
      const { action } = fleet.terminate(victim.instanceId, simNow);
      await runLifecycle(events.lifecycleAction(action, simNow));
      const gone = fleet.terminateSuccessful(victim.instanceId, simNow);
      await runLifecycle(events.terminateSuccessful(gone, simNow));
    };

    // The fleet at the start: launched through the same hooks, before any traffic.
    for (const group of s.groups)
      for (let i = 0; i < group.initialInstances; i++) await launch(group.name);
    await runLifecycle(events.scheduled(simNow));

    const endMs = s.startMs + s.durationMinutes * MINUTE;
    const floodStart = s.startMs + s.flood.atMinute * MINUTE;
    const appFloodStart = s.startMs + s.applicationFlood.atMinute * MINUTE;
    const appFloodGroup = s.groups.find((g) => g.name === s.applicationFlood.group);
    let appFloodHost = '';
    const boundaries = segmentBoundaries(s);
    const shipper = new LineShipper({ kinesis: pipeline.kinesis, streamName: INPUT_STREAM });
    const expected: ExpectedTotals = { requests: new Map(), malformed: 0, lines: 0 };
    progress.phase('simulating', s.durationMinutes);

    for (let i = 0; i + 1 < boundaries.length; i++) {
      if (options.signal?.aborted) throw new AbortedError();
      const a = boundaries[i];
      const b = boundaries[i + 1];
      simNow = a;
      for (const step of s.scalePlan.filter((p) => s.startMs + p.atMinute * MINUTE === a)) {
        for (let k = 0; k < Math.abs(step.change); k++)
          await (step.change > 0 ? launch(step.group) : scaleIn(step.group));
        const size = fleet.inService(step.group).length;
        progress.note(
          `${clock(a)} scale-${step.change > 0 ? 'out' : 'in'} ${step.group} ${step.change > 0 ? '+' : ''}${step.change} → ${size} in service`,
        );
      }
      if (a > s.startMs && (a - s.startMs) % (s.reconcileEveryMinutes * MINUTE) === 0) {
        await runLifecycle(events.scheduled(a));
      }

      const attribution = new Map<string, string>(staticApps);
      const callers: { host: string; weight: number }[] = [
        ...s.staticHosts.map((r) => ({ host: r.host, weight: 1 })),
      ];
      for (const instance of fleet.inService()) {
        const group = s.groups.find((g) => g.name === instance.group);
        attribution.set(SimulatedFleet.hostOf(instance), group?.applicationName ?? '?');
        callers.push({ host: SimulatedFleet.hostOf(instance), weight: group?.weight ?? 1 });
      }
      const minutes = (b - a) / MINUTE;
      const streams = [
        traffic(s, i * 3 + 1, Math.round(s.callerRequestsPerMinute * minutes), a, b, callers, true),
        traffic(
          s,
          i * 3 + 2,
          Math.round((s.unknownRequestsPerBucket * (b - a)) / BUCKET_MS),
          a,
          b,
          s.unknownHosts,
          true,
        ),
      ];
      if (floodStart >= a && floodStart < b) {
        // Inside one bucket, on time and well-formed: it must land in exactly that bucket.
        const floodEnd = Math.min(floodStart + BUCKET_MS, b) - 1;
        streams.push(
          traffic(
            s,
            i * 3 + 3,
            s.flood.requests,
            floodStart,
            floodEnd,
            [{ host: s.flood.host, weight: 1 }],
            false,
          ),
        );
      }
      if (appFloodStart >= a && appFloodStart < b) {
        const instance = fleet.inService(s.applicationFlood.group)[0];
        if (!instance)
          throw new Error(`application flood: no ${s.applicationFlood.group} in service`);
        appFloodHost = SimulatedFleet.hostOf(instance);
        const end = Math.min(appFloodStart + BUCKET_MS, b) - 1;
        streams.push(
          traffic(
            s,
            100_000 + i,
            s.applicationFlood.requests,
            appFloodStart,
            end,
            [{ host: appFloodHost, weight: 1 }],
            false,
          ),
        );
      }
      for (const item of interleave(streams)) {
        expected.lines++;
        if (item.malformed) expected.malformed++;
        else {
          const key = `${new Date(bucketStartMs(item.epochMs)).toISOString()}|${attribution.get(item.host) ?? UNKNOWN_APPLICATION}`;
          expected.requests.set(key, (expected.requests.get(key) ?? 0) + 1);
        }
        await shipper.add(item.line);
        if (expected.lines % 2_000 === 0) await yieldToEventLoop(); // let Ctrl-C in
      }
      await shipper.flush();
      await pipeline.catchUpInput();
      await pipeline.catchUpOutput();
      progress.update(
        (b - s.startMs) / MINUTE,
        `${clock(b)} · ${shipper.stats.lines.toLocaleString('en-US')} lines · ${fleet.inService().length} instances`,
      );
    }
    simNow = endMs;
    await pipeline.drain();
    progress.done(`${shipper.stats.lines.toLocaleString('en-US')} lines`);

    const scaleEvents = fleet.scaleEvents.filter((e) => e.atMs > s.startMs);
    const outputs = await writeRunOutputs(pipeline, files, {
      title: 'fleetlog demo: requests per source application',
      subtitle: `simulated ${new Date(s.startMs).toISOString().slice(0, 16)}–${new Date(endMs).toISOString().slice(11, 16)} UTC · ${s.groups.length} Auto Scaling groups, ${s.staticHosts.length} static hosts, unknown hosts, an unknown and a ${appFloodGroup?.applicationName ?? '?'} flood · seed ${s.seed}`,
      scaleEvents: scaleEvents.map((e) => ({
        atMs: e.atMs,
        action: e.action,
        label: `${e.action === 'launch' ? '+' : '−'} ${e.applicationName} ${e.host}`,
      })),
      alarmOptions: { unknownSourceThreshold: s.unknownSourceThreshold },
      applicationThreshold: s.applicationThreshold,
    });
    return {
      ...outputs,
      files,
      expected,
      scaleEvents: fleet.scaleEvents,
      instances: fleet.allInstances().map((i) => ({ ...i })),
      lastLifecycleMs,
      pollerFailures: pipeline.counters.failures.length,
      callerHosts,
      floodBucket: new Date(floodStart).toISOString(),
      knownFlood: {
        bucket: new Date(appFloodStart).toISOString(),
        host: appFloodHost,
        applicationName: appFloodGroup?.applicationName ?? '?',
      },
      lifecycleFailures,
      kinesisRecords: shipper.stats.records,
      aggregatesEmitted: pipeline.counters.aggregatesEmitted,
      publishedDataPoints: pipeline.counters.publishedDataPoints,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await pipeline.stop();
  }
}

interface TrafficItem {
  line: string;
  host: string;
  epochMs: number;
  malformed: boolean;
}

function traffic(
  s: DemoScenario,
  stream: number,
  count: number,
  startMs: number,
  endMs: number,
  hosts: { host: string; weight: number }[],
  noisy: boolean,
): TrafficItem[] {
  if (count <= 0 || hosts.length === 0) return [];
  return [
    ...generateTraffic({
      seed: s.seed * 1_000_003 + stream,
      count,
      startMs,
      endMs,
      hosts,
      lateFraction: noisy ? s.lateFraction : 0,
      malformedFraction: noisy ? s.malformedFraction : 0,
      escapedQuoteFraction: noisy ? s.escapedQuoteFraction : 0,
    }),
  ];
}

/** Several generators' lines merged in proportion, each in its own order, as one log file. */
function* interleave(streams: TrafficItem[][]): Generator<TrafficItem> {
  const cursors = streams.map(() => 0);
  const total = streams.reduce((n, s) => n + s.length, 0);
  for (let emitted = 0; emitted < total; emitted++) {
    let best = -1;
    let bestPos = Infinity;
    streams.forEach((items, k) => {
      if (cursors[k] >= items.length) return;
      const pos = (cursors[k] + 0.5) / items.length;
      if (pos < bestPos) {
        bestPos = pos;
        best = k;
      }
    });
    yield streams[best][cursors[best]++];
  }
}

/** Segment starts: every bucket boundary and every scale step, up to the end. */
function segmentBoundaries(s: DemoScenario): number[] {
  const endMs = s.startMs + s.durationMinutes * MINUTE;
  const points = new Set<number>([endMs]);
  for (let t = s.startMs; t < endMs; t += BUCKET_MS) points.add(t);
  for (const step of s.scalePlan) points.add(s.startMs + step.atMinute * MINUTE);
  return [...points].sort((x, y) => x - y);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
