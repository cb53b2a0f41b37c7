import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { InputError } from '../cli/input-error';
import { AbortedError, yieldToEventLoop } from '../cli/interrupt';
import { readInput, resolveInputs, type LogInput } from './log-input';
import { silentProgress, type Progress } from '../cli/progress';
import { STAGE_DELAYS, tumblingWindowEndMs } from '@fleetlog/pipeline-config';
import { LINE_TOO_LONG, RecordPacker, firstLineTimeMs, type PackedRecord } from './record-packer';
import { shipperRecords } from './shipper-records';
import { referenceMapS3 } from '../cloud/in-process-aws';
import { LocalLedger } from '../cloud/local-ledger';
import { addFaultCounts, FaultPlan, noFaults } from '../cloud/fault-plan';
import { compareWithLog, publishedRequestCounts, type FaultReport } from '../cloud/fault-report';
import { RecordingCloudWatch } from '../cloud/recording-cloudwatch';
import { ReplayClock } from './replay-clock';
import { ReplayTimeline } from './replay-timeline';
import { ReplayPublisher, type PublisherCounts } from './replay-publisher';
import {
  outputPaths,
  prepareOutputDir,
  writeRunOutputs,
  type OutputPaths,
  type RunOutputs,
} from '../report/run-outputs';
import { LocalShard, WorkerShard, type Shard } from './shard-pool';
import { emitReaderPartials, mergeTallies, sumLines, type InputSummary } from './input-tally';
import { readMapFile } from './reference-csv-file';
import { HostTally } from '../report/host-tally';
import { openArchive } from './replay-archive';

export type { InputSummary } from './input-tally';

const YIELD_EVERY_INVOCATIONS = 4;

export interface ReplayOptions {
  /** Files in order (a rotated set), patterns over file names, `-` for standard input. */
  accessLogs: readonly string[];
  referenceCsv?: string;
  /** The aggregator's `logFormat`; default `combined`. */
  logFormat?: string;
  /** The aggregator's `trustedProxies`; default none. */
  trustedProxies?: readonly string[];
  outDir: string;
  progress?: Progress;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /**
   * Input shards, each run as Lambda runs one (an invocation at a time, its own window state):
   * the first in this thread, between reads, every further one in a worker thread. Default 1:
   * a worker thread loads the handler and the AWS SDK once more (seconds under tsx, about 100 MB),
   * which costs more than it saves on a 2-core machine (tools/bench/README.md).
   */
  shards?: number;
  /** Bytes per Kinesis record, cut at line ends; default 64 KiB. */
  recordBytes?: number;
  /** Records per aggregator invocation (Lambda allows 6 MB per event); default 16. */
  recordsPerInvocation?: number;
  /** Standard input, when an input is `-`; default process.stdin. */
  stdin?: Readable;
  /** Aborts between invocations (Ctrl-C). */
  signal?: AbortSignal;
  /** UnknownSourceRequests threshold (`--threshold`); default the shared 100. */
  unknownSourceThreshold?: number;
  /** ApplicationFlood threshold (`--application-threshold`); default the shared 10,000. */
  applicationThreshold?: number;
  /**
   * Publish through the ledger on a local dynalite, as deployed (ARCHITECTURE.md section 6c); off:
   * the publisher remembers what it published in memory only. Only re-deliveries need the ledger,
   * and there are none without faults, while each ledger call costs about 2.5 ms on dynalite
   * (tools/local-pipeline/README.md): a plain replay runs without it.
   * @default true with `injectFaults`, false otherwise
   */
  publishLedger?: boolean;
  /**
   * `--inject-faults SEED`: the aggregator and the publisher fail at seeded random points (a
   * timeout after PutMetricData, a PutRecords that partly fails, a throttled call, a crash between
   * two calls, a duplicate delivery), each re-delivered as Lambda and Kinesis would; the summary's
   * `faults` says what was injected and whether CloudWatch still counted the log once.
   * @default none: no faults
   */
  injectFaults?: number;
  /**
   * `--archive`: every line also goes to `<outDir>/archive/` as the deployed Firehose archive
   * holds it (libs/archive's LocalArchive, with the map), for `fleetlog query`. Off by default:
   * it costs more than the replay's speed budget allows (tools/local-pipeline/README.md).
   * @default false
   */
  archive?: boolean;
}

export interface ReplaySummary extends RunOutputs {
  files: OutputPaths;
  inputs: InputSummary[];
  lines: number;
  bytesRead: number;
  kinesisRecords: number;
  invocations: number;
  /** Malformed lines by reason, over every input. */
  malformedReasons: Record<string, number>;
  /** Lines dated more than 2 hours after the replay's wall clock (counted malformed). */
  futureLines: number;
  aggregatesEmitted: number;
  publishedDataPoints: number;
  /** What the publisher did not send (invalid, outside CloudWatch's time range, failed). */
  publisher: PublisherCounts;
  /** Under `--inject-faults`: the faults injected, and CloudWatch's totals against the log's. */
  faults?: FaultReport;
  shards: number;
  elapsedMs: number;
}

/**
 * Replays access logs through the real aggregator and metrics publisher in this process, with
 * Lambda-shaped events and no Kinesis server: the files are packed into Kinesis-sized records
 * and fed to the shards (worker threads) as tumbling-window invocations, the aggregates they
 * emit are written to `aggregates.jsonl` and published in batches of 200 to a recording
 * CloudWatch. Memory stays flat whatever the size of the input.
 *
 * Everything happens in the log's own timeline (ARCHITECTURE.md section 6b, ReplayTimeline):
 * records reach the shards at their last line's time plus the shipper's and the stream's delays,
 * windows close by that time, and each PutMetricData is stamped with its arrival at CloudWatch.
 */
export async function replayAccessLog(options: ReplayOptions): Promise<ReplaySummary> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  const inputs = await resolveInputs(options.accessLogs);
  if (inputs.length === 0) throw new InputError('no access log given');
  const mapCsv =
    options.referenceCsv === undefined ? undefined : await readMapFile(options.referenceCsv);

  const files = outputPaths(options.outDir);
  await prepareOutputDir(files);
  const archive = options.archive === true ? openArchive(files.dir, mapCsv, options) : undefined;
  const aggregatesOut = createWriteStream(files.aggregates, { flags: 'a' });
  let writeError: Error | undefined;
  aggregatesOut.on('error', (error) => (writeError ??= error));
  const cloudWatch: RecordingCloudWatch = new RecordingCloudWatch({
    jsonlPath: files.metrics,
    arrivalClock: () => publisher.publishingAtMs + STAGE_DELAYS.putMetricData.ms,
  });
  // The publish ledger on dynalite, as deployed (one PutItem per record and one per call), where
  // re-deliveries happen: under faults.
  const useLedger = options.publishLedger ?? options.injectFaults !== undefined;
  const ledger = useLedger ? await LocalLedger.start() : undefined;
  const faultPlan =
    options.injectFaults === undefined ? undefined : new FaultPlan(options.injectFaults);
  const publisherFaults = faultPlan?.derive(0);
  const publisher: ReplayPublisher = new ReplayPublisher(cloudWatch, {
    logLevel: options.logLevel,
    ledger,
    faults: publisherFaults,
  });
  let aggregatesEmitted = 0;
  const onAggregates = (texts: string[], emittedAtMs: number): void => {
    aggregatesEmitted += texts.length;
    aggregatesOut.write(texts.map((t) => `${t}\n`).join(''));
    for (const text of texts) publisher.add(text, emittedAtMs);
  };

  const shardCount = Math.max(1, Math.min(options.shards ?? 1, availableParallelism()));
  const shards: Shard[] = [];
  const config = (i: number) => ({
    shardId: `shardId-${String(i).padStart(12, '0')}`,
    referenceCsv: mapCsv,
    logLevel: options.logLevel,
    logFormat: options.logFormat,
    trustedProxies: options.trustedProxies,
    faultSeed: faultPlan?.derive(i + 1).seed,
  });
  shards.push(new LocalShard(config(0), onAggregates));
  for (let i = 1; i < shardCount; i++) shards.push(new WorkerShard(config(i), onAggregates));

  const clock = new ReplayClock();
  const timeline = new ReplayTimeline();
  const tooLongByBucket = new Map<number, number>();
  const perInput: InputSummary[] = [];
  const recordsPerInvocation = options.recordsPerInvocation ?? 16;
  let bytesRead = 0;
  /** Bytes as read from the files (compressed or not): the progress against their sizes. */
  let rawBytes = 0;
  let kinesisRecords = 0;
  let invocations = 0;
  let next = 0;
  const totalSize = inputs.every((i) => i.size !== undefined)
    ? inputs.reduce((s, i) => s + (i.size ?? 0), 0)
    : 0;

  try {
    progress.phase('replaying', totalSize);
    for (let fileIndex = 0; fileIndex < inputs.length; fileIndex++) {
      const input = inputs[fileIndex];
      let pending: Buffer[] = [];
      /** When the pending records' last one reached the shard, and the end of its window. */
      let pendingArrivalMs = 0;
      let pendingWindowEndMs = 0;
      const dispatch = async (): Promise<void> => {
        if (pending.length === 0) return;
        const records = pending;
        pending = [];
        // Records go to whichever shard can start them now (their partition keys are random, so
        // any shard is one Kinesis could have chosen); the shard in this thread when none can.
        const shard = pickShard(shards, next++);
        invocations++;
        await shard.invoke(records, pendingArrivalMs, fileIndex);
        if (invocations % YIELD_EVERY_INVOCATIONS === 0) await yieldToEventLoop();
        if (options.signal?.aborted) throw new AbortedError();
      };
      const ready: PackedRecord[] = [];
      const packer = new RecordPacker(
        (record) => ready.push(record),
        options.recordBytes ?? 64 * 1024,
      );
      let tooLongSeen = 0;
      const take = async (): Promise<void> => {
        if (packer.tooLong > tooLongSeen) {
          const bucket = clock.bucketMs();
          tooLongByBucket.set(
            bucket,
            (tooLongByBucket.get(bucket) ?? 0) + packer.tooLong - tooLongSeen,
          );
          tooLongSeen = packer.tooLong;
        }
        for (const record of ready.splice(0)) {
          clock.observe(firstLineTimeMs(record.data));
          for (const shipped of shipperRecords(record.data)) {
            // One invocation holds records of one tumbling window (Lambda batches by window).
            const arrivalMs = timeline.arrival(shipped.lastLineMs);
            const windowEndMs = tumblingWindowEndMs(arrivalMs);
            if (pending.length > 0 && windowEndMs !== pendingWindowEndMs) await dispatch();
            pendingArrivalMs = arrivalMs;
            pendingWindowEndMs = windowEndMs;
            pending.push(shipped.data);
            if (archive !== undefined)
              await archive.store.addRecord(shipped.data, archive.lookup, arrivalMs);
            kinesisRecords++;
            if (pending.length >= recordsPerInvocation) await dispatch();
          }
        }
      };
      for await (const chunk of readInput(input, options.stdin, (n) => (rawBytes += n))) {
        if (options.signal?.aborted) throw new AbortedError();
        if (writeError) throw writeError;
        bytesRead += chunk.length;
        packer.push(chunk);
        await take();
        progress.update(
          rawBytes,
          `${(packer.lines + sumLines(perInput)).toLocaleString('en-US')} lines`,
        );
      }
      packer.end();
      await take();
      await dispatch();
      perInput.push({
        name: input.name,
        lines: packer.lines + packer.tooLong,
        malformed: packer.tooLong,
        reasons: packer.tooLong > 0 ? { [LINE_TOO_LONG]: packer.tooLong } : {},
      });
    }
    const tallies = await Promise.all(shards.map((s) => s.finish()));
    mergeTallies(
      perInput,
      tallies.map((t) => t.malformed),
    );
    emitReaderPartials(tooLongByBucket, (texts) =>
      onAggregates(texts, timeline.currentMs() + STAGE_DELAYS.finalInvocation.ms),
    );
    const lines = sumLines(perInput);
    progress.done(`${lines.toLocaleString('en-US')} lines`);

    await archive?.store.close();
    await publisher.flush();
    aggregatesOut.end();
    await once(aggregatesOut, 'finish');
    if (writeError) throw writeError;
    await cloudWatch.flush();

    // The run-wide heaviest unknown callers, counted exactly by the shards' aggregators.
    const unknownHosts = new HostTally();
    for (const t of tallies) unknownHosts.merge(t.unknownHosts);
    const names = inputs.map(describe).join(', ');
    const outputs = await writeRunOutputs({ cloudWatch, s3: referenceMapS3(mapCsv) }, files, {
      title: `fleetlog replay of ${names}`,
      subtitle: `${lines.toLocaleString('en-US')} lines, map ${options.referenceCsv ?? '(none: every host UNKNOWN)'}`,
      scaleEvents: [],
      fleet: false,
      alarmOptions: { unknownSourceThreshold: options.unknownSourceThreshold },
      applicationThreshold: options.applicationThreshold,
      unknownTopHosts: unknownHosts.top(10),
    });
    const malformedReasons: Record<string, number> = {};
    for (const i of perInput)
      for (const [r, n] of Object.entries(i.reasons))
        malformedReasons[r] = (malformedReasons[r] ?? 0) + n;
    return {
      ...outputs,
      files,
      inputs: perInput,
      lines,
      bytesRead,
      kinesisRecords,
      invocations,
      malformedReasons,
      futureLines: malformedReasons['timestamp in the future'] ?? 0,
      aggregatesEmitted,
      publishedDataPoints: publisher.counts.dataPoints,
      publisher: publisher.counts,
      faults: faultPlan && {
        seed: faultPlan.seed,
        injected: tallies.reduce(
          (all, t) => addFaultCounts(all, t.faults),
          addFaultCounts(noFaults(), publisherFaults?.counts ?? noFaults()),
        ),
        redeliveries: tallies.reduce((n, t) => n + t.redeliveries, publisher.redeliveries),
        // The log's requests: every line read, less the malformed ones (the input tally).
        ...compareWithLog(
          lines - perInput.reduce((n, i) => n + i.malformed, 0),
          publishedRequestCounts(cloudWatch.inputs),
        ),
      },
      shards: shards.length,
      elapsedMs: Date.now() - started,
    };
  } finally {
    aggregatesOut.destroy();
    await Promise.allSettled([...shards.map((s) => s.terminate()), ledger?.stop()]);
  }
}

function pickShard(shards: readonly Shard[], turn: number): Shard {
  for (let k = 1; k <= shards.length; k++) {
    const shard = shards[(turn + k) % shards.length];
    if (shard !== shards[0] && shard.idle) return shard;
  }
  return shards[0];
}

function describe(input: LogInput): string {
  return input.name === '-' ? 'standard input' : input.name;
}
