import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseReferenceCsv, renderReferenceCsv, type HostRow } from '@fleetlog/reference-data';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { LineShipper } from './line-shipper';
import { LocalPipeline, REFERENCE_BUCKET } from './local-pipeline';
import { silentProgress, type Progress } from './progress';
import {
  outputPaths,
  prepareOutputDir,
  writeRunOutputs,
  type OutputPaths,
  type RunOutputs,
} from './run-outputs';

const YIELD_EVERY_LINES = 2_000;

/** One turn of the event loop: pending signals, I/O and timers run before the caller goes on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Ctrl-C: the run stops between batches and the servers are shut down. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  constructor() {
    super('interrupted');
  }
}

/** A problem with the user's input files: main prints the one-line message and exits 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export interface ReplayOptions {
  accessLog: string;
  referenceCsv?: string;
  /** The aggregator's `logFormat`; default `combined`. */
  logFormat?: string;
  /** The aggregator's `trustedProxies`; default none. */
  trustedProxies?: readonly string[];
  outDir: string;
  progress?: Progress;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  inputShards?: number;
  /** Lines shipped before the pipeline is let to catch up: bounds memory; default 200,000. */
  linesPerRound?: number;
  /**
   * Lines after which the input stream is replaced by a fresh one, so kinesalite frees what was
   * read (it keeps records for the 24-hour retention); default 1,000,000. A multiple of
   * `linesPerRound` in effect: it is checked between rounds.
   */
  linesPerRotation?: number;
  /** Wall-clock tumbling window of the aggregator, ms; default 1000. */
  windowMs?: number;
  /** Aborts between rounds (Ctrl-C); the servers are stopped either way. */
  signal?: AbortSignal;
}

export interface ReplaySummary extends RunOutputs {
  files: OutputPaths;
  lines: number;
  bytesRead: number;
  kinesisRecords: number;
  putRecordsCalls: number;
  /** Times the input stream was replaced to free memory. */
  inputRotations: number;
  aggregatesEmitted: number;
  publishedDataPoints: number;
  elapsedMs: number;
}

/**
 * Replays an access log through the pipeline with the given map and no fleet: the file is read
 * as a stream and shipped in bounded rounds; after each round the aggregator and the publisher
 * catch up, so memory stays flat however large the file. Malformed lines are counted by the
 * aggregator, not fatal. Event times come from the log itself.
 */
export async function replayAccessLog(options: ReplayOptions): Promise<ReplaySummary> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  const size = await logSize(options.accessLog);
  const rows =
    options.referenceCsv === undefined ? undefined : await readMapFile(options.referenceCsv);

  const files = outputPaths(options.outDir);
  await prepareOutputDir(files);
  const pipeline = await LocalPipeline.start({
    metricsPath: files.metrics,
    aggregatesPath: files.aggregates,
    inputShards: options.inputShards ?? 4,
    windowMs: options.windowMs ?? 1000,
    // 20 records of 500 lines per invocation: short turns keep the process responsive.
    aggregatorBatchSize: 20,
    logLevel: options.logLevel,
    logFormat: options.logFormat,
    trustedProxies: options.trustedProxies,
  });
  try {
    if (rows !== undefined) {
      await pipeline.s3.send(
        new PutObjectCommand({
          Bucket: REFERENCE_BUCKET,
          Key: REFERENCE_KEYS.map,
          Body: renderReferenceCsv(rows),
          ContentType: 'text/csv',
        }),
      );
    }
    const shipper = new LineShipper({
      kinesis: pipeline.kinesis,
      streamName: () => pipeline.inputStreamName,
      linesPerRecord: 500,
      gzip: true,
    });
    const linesPerRound = options.linesPerRound ?? 200_000;
    const linesPerRotation = options.linesPerRotation ?? 1_000_000;
    let linesAtRotation = 0;
    const input = createReadStream(options.accessLog);
    const reader = createInterface({ input, crlfDelay: Infinity });
    progress.phase('replaying', size);
    let sinceRound = 0;
    for await (const line of reader) {
      if (options.signal?.aborted) {
        reader.close();
        input.destroy();
        throw new AbortedError();
      }
      if (line.length === 0) continue;
      await shipper.add(line);
      // Buffered lines resolve as microtasks only: let signals (Ctrl-C) and timers in now and then.
      if (shipper.stats.lines % YIELD_EVERY_LINES === 0) await yieldToEventLoop();
      if (++sinceRound >= linesPerRound) {
        sinceRound = 0;
        await shipper.flush();
        await pipeline.catchUpInput();
        if (shipper.stats.lines - linesAtRotation >= linesPerRotation) {
          // Everything shipped is read: a fresh input stream lets kinesalite free the old records.
          linesAtRotation = shipper.stats.lines;
          await pipeline.rotateInput();
        }
        await pipeline.catchUpOutput();
        progress.update(input.bytesRead, `${shipper.stats.lines.toLocaleString('en-US')} lines`);
      }
    }
    await shipper.flush();
    await pipeline.catchUpInput();
    await pipeline.drain();
    progress.done(`${shipper.stats.lines.toLocaleString('en-US')} lines`);

    const outputs = await writeRunOutputs(pipeline, files, {
      title: `fleetlog replay of ${options.accessLog}`,
      subtitle: `${shipper.stats.lines.toLocaleString('en-US')} lines, map ${options.referenceCsv ?? '(none: every host UNKNOWN)'}`,
      scaleEvents: [],
    });
    return {
      ...outputs,
      files,
      lines: shipper.stats.lines,
      bytesRead: input.bytesRead,
      kinesisRecords: shipper.stats.records,
      putRecordsCalls: shipper.stats.calls,
      inputRotations: pipeline.inputRotations,
      aggregatesEmitted: pipeline.counters.aggregatesEmitted,
      publishedDataPoints: pipeline.counters.publishedDataPoints,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await pipeline.stop();
  }
}

async function logSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`access log ${path} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot read access log ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

async function readMapFile(path: string): Promise<HostRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read reference CSV ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const parsed = parseReferenceCsv(text);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`);
    const more = parsed.errors.length > 3 ? `; and ${parsed.errors.length - 3} more` : '';
    throw new InputError(`invalid reference CSV ${path}: ${shown.join('; ')}${more}`);
  }
  return parsed.rows;
}
