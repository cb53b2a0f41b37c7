import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kinesisStreamRecord, type KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { createAggregatorHandler } from '@fleetlog/log-aggregator';
import type { AggregatorHandler } from '@fleetlog/log-aggregator';
import { generateTraffic, toAgentJson } from '@fleetlog/loggen';
import { TUMBLING_WINDOW_SECONDS } from '@fleetlog/pipeline-config';
import { summarize } from '../stats';
import type { Summary } from '../stats';
import { aggregatorClients, BENCH_REFERENCE_BUCKET, silentLogger } from './fakes';
import { benchTraffic, END_MS, referenceCsvFor, SEED, START_MS } from './traffic';

/** The deployed tumbling window: each measured event is one window's delivery. */
const WINDOW_MS = TUMBLING_WINDOW_SECONDS * 1000;

export const AGGREGATOR_FORMATS = ['raw', 'agent-json', 'raw-gzip'] as const;
export type AggregatorFormat = (typeof AGGREGATOR_FORMATS)[number];

export interface AggregatorRunOptions {
  format: AggregatorFormat;
  eventRecords: number;
  eventsPerRun: number;
  warmups: number;
  runs: number;
}

export interface AggregatorRunResult {
  recordsPerSecond: Summary;
  /** process.resourceUsage().maxRSS of the process that ran it, MB. */
  peakRssMb: number;
}

const SHARD = 'shardId-000000000000';
const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/bench-in';

function encode(format: AggregatorFormat, payload: string): Buffer {
  return format === 'raw-gzip' ? gzipSync(payload) : Buffer.from(payload);
}

/** One Kinesis record per log line (Kinesis Agent style; Fluent Bit style when gzipped). */
export function buildEvent(
  format: AggregatorFormat,
  seed: number,
  records: number,
  window: { start: string; end: string },
  state: Record<string, unknown>,
  final: boolean,
): KinesisTumblingWindowEvent {
  const out: KinesisTumblingWindowEvent['Records'] = [];
  let seq = 0;
  for (const g of benchTraffic(records, seed)) {
    const payload = format === 'agent-json' ? JSON.stringify(toAgentJson(g)) : g.line;
    const sequenceNumber = `${seed}${String(seq++).padStart(8, '0')}`;
    out.push(
      kinesisStreamRecord({
        shardId: SHARD,
        streamArn: ARN,
        partitionKey: g.host,
        sequenceNumber,
        data: encode(format, payload),
        arrivalMs: g.epochMs,
      }),
    );
  }
  return {
    Records: out,
    window,
    state,
    shardId: SHARD,
    eventSourceARN: ARN,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  };
}

/** The reference map of the aggregator bench: the hosts of a slice of its traffic. */
export function benchReferenceCsv(): string {
  const hosts = new Set<string>();
  for (const g of generateTraffic({
    seed: SEED,
    count: 20_000,
    startMs: START_MS,
    endMs: END_MS,
  })) {
    hosts.add(g.host);
  }
  return referenceCsvFor(hosts);
}

/** The handler with in-memory S3 (reference CSV) and Kinesis (output stream). */
export function benchHandler(csv: string): AggregatorHandler {
  return createAggregatorHandler({
    ...aggregatorClients(csv),
    referenceBucket: BENCH_REFERENCE_BUCKET,
    outputStreamName: 'bench-out',
    logger: silentLogger(),
  });
}

function windowOf(run: number): { start: string; end: string } {
  const start = START_MS + run * WINDOW_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + WINDOW_MS).toISOString() };
}

/**
 * Records/s of the handler over whole windows of `eventsPerRun` events (state passed between
 * invocations as Lambda does, JSON round trip included, the last invocation final and flushing).
 * Only handler time counts; events are built between invocations so one is in memory at a time.
 */
export async function runAggregatorBench(
  options: AggregatorRunOptions,
): Promise<AggregatorRunResult> {
  const handler = benchHandler(benchReferenceCsv());
  const recordsPerSecond = await timeWindows(handler, options, options.eventsPerRun, (run, e) =>
    buildEvent(
      options.format,
      SEED + run * 1000 + e,
      options.eventRecords,
      windowOf(run),
      {},
      false,
    ),
  );
  return { recordsPerSecond, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * Times the handler over whole windows: `eventAt(run, e)` gives each event, the loop sets its
 * window, the state the previous invocation returned (JSON round trip, as Lambda passes it) and
 * finality (the last event of a window flushes). Only handler time counts.
 */
async function timeWindows(
  handler: AggregatorHandler,
  runs: { warmups: number; runs: number },
  eventsPerWindow: number,
  eventAt: (run: number, e: number) => KinesisTumblingWindowEvent,
): Promise<Summary> {
  const rates: number[] = [];
  for (let run = 0; run < runs.warmups + runs.runs; run++) {
    let state: Record<string, unknown> = {};
    let seconds = 0;
    let records = 0;
    for (let e = 0; e < eventsPerWindow; e++) {
      const event = eventAt(run, e);
      event.window = windowOf(run);
      event.state = state;
      event.isFinalInvokeForWindow = e === eventsPerWindow - 1;
      const start = process.hrtime.bigint();
      const response = await handler(event);
      seconds += Number(process.hrtime.bigint() - start) / 1e9;
      records += event.Records.length;
      if (response.batchItemFailures.length > 0) {
        throw new Error(
          `aggregator reported ${response.batchItemFailures.length} batch item failures`,
        );
      }
      state = JSON.parse(JSON.stringify(response.state)) as Record<string, unknown>;
    }
    if (run >= runs.warmups) rates.push(records / seconds);
  }
  return summarize(rates);
}

export interface EventFilesRunOptions {
  /** One JSON file per event of a window, as the Lambda runtime receives it. */
  files: readonly string[];
  referenceCsv: string;
  warmups: number;
  runs: number;
  /** Only read and parse the events, as the runtime does, with no handler: the memory floor. */
  deliveryOnly?: boolean;
}

export interface EventFilesRunResult extends AggregatorRunResult {
  /** Peak RSS before the first event was read: Node and the loaded bundle, MB. */
  baselineRssMb: number;
}

/**
 * Writes the events of one window (`eventsPerRun` events of `eventRecords` records) as JSON
 * files, so that the measuring process never runs the generator.
 */
export async function writeEventFiles(
  options: AggregatorRunOptions,
  dir: string,
): Promise<string[]> {
  const files: string[] = [];
  const window = windowOf(0);
  for (let e = 0; e < options.eventsPerRun; e++) {
    const event = buildEvent(options.format, SEED + e, options.eventRecords, window, {}, false);
    const file = join(dir, `aggregator-${options.format}-${e}.json`);
    await writeFile(file, JSON.stringify(event));
    files.push(file);
  }
  return files;
}

/**
 * The child-process side of the aggregator bench: each event is read and parsed from its file
 * (as the Lambda runtime parses the invoke payload), then handed to the handler with the window,
 * state and finality of its place in the run. Only handler time counts.
 */
export async function runAggregatorFromFiles(
  options: EventFilesRunOptions,
): Promise<EventFilesRunResult> {
  const baselineRssMb = process.resourceUsage().maxRSS / 1024;
  if (options.deliveryOnly) {
    // The same reads and parses as below with nothing else: what event delivery alone costs.
    const rates: number[] = [];
    for (let run = 0; run < options.warmups + options.runs; run++) {
      let records = 0;
      const start = process.hrtime.bigint();
      for (const file of options.files) {
        const event = JSON.parse(readFileSync(file, 'utf8')) as KinesisTumblingWindowEvent;
        records += event.Records.length;
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (run >= options.warmups) rates.push(records / seconds);
    }
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    return { recordsPerSecond: summarize(rates), peakRssMb, baselineRssMb };
  }
  const handler = benchHandler(options.referenceCsv);
  const recordsPerSecond = await timeWindows(
    handler,
    options,
    options.files.length,
    (_run, e) => JSON.parse(readFileSync(options.files[e], 'utf8')) as KinesisTumblingWindowEvent,
  );
  return { recordsPerSecond, peakRssMb: process.resourceUsage().maxRSS / 1024, baselineRssMb };
}

/** JSON size of the window state after one window's lines from `clientIps` distinct clients. */
export async function windowStateBytes(clientIps: number, eventRecords: number): Promise<number> {
  const handler = benchHandler('Host,ApplicationName,Contact\n10.0.0.1,app-0,team-0@example.com\n');
  const window = windowOf(0);
  let state: Record<string, unknown> = {};
  for (let first = 0; first < clientIps; first += eventRecords) {
    const records: KinesisTumblingWindowEvent['Records'] = [];
    const count = Math.min(eventRecords, clientIps - first);
    for (let i = 0; i < count; i++) {
      const n = first + i;
      // Distinct IPv4 clients in 10.0.0.0/8, every request in the same 5-minute bucket.
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const line = `${ip} - - [17/May/2015:10:05:${String(n % 60).padStart(2, '0')} +0000] "GET /a HTTP/1.1" 200 512 "-" "bench"`;
      const sequenceNumber = String(n + 1);
      records.push(
        kinesisStreamRecord({
          shardId: SHARD,
          streamArn: ARN,
          partitionKey: ip,
          sequenceNumber,
          data: line,
          arrivalMs: START_MS,
        }),
      );
    }
    const response = await handler({
      Records: records,
      window,
      state,
      shardId: SHARD,
      eventSourceARN: ARN,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
    state = JSON.parse(JSON.stringify(response.state)) as Record<string, unknown>;
  }
  return Buffer.byteLength(JSON.stringify(state));
}
