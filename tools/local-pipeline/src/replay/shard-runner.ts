import { Logger } from '@aws-lambda-powertools/logger';
import { kinesisStreamRecord, type KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import {
  LOCAL_RESOURCES,
  STAGE_DELAYS,
  TUMBLING_WINDOW_SECONDS,
  UNKNOWN_APPLICATION,
  tumblingWindowEndMs,
} from '@fleetlog/pipeline-config';
import { HostTally, type HostTallySnapshot } from '../report/host-tally';
import { FaultPlan, noFaults, type FaultCounts } from '../cloud/fault-plan';
import { FaultyAggregator } from '../cloud/faulty-aggregator';
import { MAX_DELIVERIES } from '../cloud/faulty-function';
import { capturingKinesis, referenceMapS3 } from '../cloud/in-process-aws';

export const REPLAY_STREAM_ARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${LOCAL_RESOURCES.inputStream}`;

/** What one shard needs to run the aggregator; plain data, so it crosses to a worker thread. */
export interface ShardConfig {
  shardId: string;
  /** The reference map's text; undefined: no map, every host UNKNOWN. */
  referenceCsv: string | undefined;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** The aggregator's `logFormat`; default `combined`. */
  logFormat?: string;
  /** The aggregator's `trustedProxies`; default none. */
  trustedProxies?: readonly string[];
  /** `--inject-faults`: this shard's seed (the run's, derived per shard); none: no faults. */
  faultSeed?: number;
}

/** What a shard hands back at the end. */
export interface ShardTally {
  malformed: MalformedTally;
  /** Faults injected into this shard's aggregator, by kind. */
  faults: FaultCounts;
  /** Invocations delivered again after a failure. */
  redeliveries: number;
  /**
   * Requests of unknown clients, counted exactly over the run (issue 23): the aggregates carry
   * each minute's top 10 only, which loses a steady caller never in one minute's top 10.
   */
  unknownHosts: HostTallySnapshot;
}

/** Malformed lines by input file index, then by reason. */
export type MalformedTally = Record<number, Record<string, number>>;

/** Aggregates handed over, with the time they were put on the output stream (run's timeline). */
export type OnAggregates = (texts: string[], emittedAtMs: number) => void;

/**
 * One shard of the input stream as Lambda drives it with a tumbling window: invocations carrying
 * records and the window state, then a final invocation that flushes. The real aggregator, with
 * the reference map in memory and the output stream captured, so nothing goes over a socket.
 *
 * Windows follow the run's timeline (ARCHITECTURE.md section 6b): records are grouped by the time
 * they reached the shard into windows of TUMBLING_WINDOW_SECONDS aligned to whole multiples, as
 * Lambda groups them by arrival; a record arriving after the open window's end closes it first.
 * What a final invocation emits is stamped with the window's end plus
 * `STAGE_DELAYS.finalInvocation`; what an ordinary invocation emits (an early flush), with its
 * records' arrival.
 */
export class ShardRunner {
  readonly malformed: MalformedTally = {};
  private readonly aggregator: FaultyAggregator;
  /** Malformed lines of the invocation under way: tallied once it succeeds (a retry reads them again). */
  private attemptMalformed: { fileIndex: number; key: string }[] = [];
  /** Unknown clients, as the aggregator counted them (its map, format and time rules). */
  private readonly unknownHosts = new HostTally();
  /** Unknown clients of the invocation under way: tallied once it succeeds, as malformed lines. */
  private attemptUnknown: string[] = [];
  private state: Record<string, unknown> = {};
  private window: { start: string; end: string } | undefined;
  private windowEndMs = -Infinity;
  /** The run's time of the invocation under way, epoch ms. */
  private nowMs = 0;
  private sequence = 0n;
  private fileIndex = 0;

  constructor(
    private readonly config: ShardConfig,
    onAggregates: OnAggregates,
  ) {
    const plan = config.faultSeed === undefined ? undefined : new FaultPlan(config.faultSeed);
    // One container at a time; under --inject-faults a dead one is replaced by a fresh one.
    this.aggregator = new FaultyAggregator(plan, {
      s3: referenceMapS3(config.referenceCsv),
      kinesis: capturingKinesis((texts) => onAggregates(texts, this.nowMs)),
      referenceBucket: LOCAL_RESOURCES.referenceBucket,
      outputStreamName: LOCAL_RESOURCES.outputStream,
      // The map never changes during a replay.
      refreshSeconds: 3600,
      logFormat: config.logFormat,
      trustedProxies: config.trustedProxies,
      logger: new Logger({ serviceName: 'log-aggregator', logLevel: config.logLevel ?? 'ERROR' }),
      onMalformed: (reason) => {
        this.attemptMalformed.push({ fileIndex: this.fileIndex, key: reasonKey(reason) });
      },
      onCounted: (host, applicationName) => {
        if (applicationName === UNKNOWN_APPLICATION) this.attemptUnknown.push(host);
      },
    });
  }

  /** What this shard hands back at the end. */
  tally(): ShardTally {
    return {
      malformed: this.malformed,
      faults: this.aggregator.plan?.counts ?? noFaults(),
      redeliveries: this.aggregator.redeliveries,
      unknownHosts: this.unknownHosts.snapshot(),
    };
  }

  /**
   * Runs one invocation as Lambda does: a failed one (a dead container, PutRecords still failing)
   * is delivered again with the same records and state; its malformed lines count once.
   */
  private async run(event: KinesisTumblingWindowEvent): Promise<{ state: object }> {
    const faults = this.aggregator.plan !== undefined;
    let lastError: unknown;
    for (let delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
      this.attemptMalformed = [];
      this.attemptUnknown = [];
      try {
        const response = await this.aggregator.invoke(event);
        for (const { fileIndex, key } of this.attemptMalformed) {
          const byReason = (this.malformed[fileIndex] ??= {});
          byReason[key] = (byReason[key] ?? 0) + 1;
        }
        for (const host of this.attemptUnknown) this.unknownHosts.add(host);
        return response;
      } catch (error) {
        // Without faults nothing is retried: an error is the run's.
        if (!faults) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * One invocation with records that reached the shard at `arrivalMs` (the run's timeline): the
   * open window is closed first when they belong to another one.
   */
  async invoke(
    records: readonly Uint8Array[],
    arrivalMs: number,
    fileIndex: number,
  ): Promise<void> {
    const endMs = tumblingWindowEndMs(arrivalMs);
    if (this.window !== undefined && endMs !== this.windowEndMs) await this.closeWindow();
    if (this.window === undefined) {
      this.windowEndMs = endMs;
      this.window = {
        start: new Date(endMs - TUMBLING_WINDOW_SECONDS * 1000).toISOString(),
        end: new Date(endMs).toISOString(),
      };
    }
    this.nowMs = arrivalMs;
    this.fileIndex = fileIndex;
    // The records' own arrival stamp stays the wall clock's: the aggregator judges "in the
    // future" against it, as deployed.
    const wallMs = Date.now();
    const event = this.event(
      records.map((data) =>
        kinesisStreamRecord({
          shardId: this.config.shardId,
          streamArn: REPLAY_STREAM_ARN,
          partitionKey: `agent-${this.sequence.toString(36)}`,
          sequenceNumber: String(49_000_000_000_000_000_000n + ++this.sequence),
          data,
          arrivalMs: wallMs,
        }),
      ),
      false,
    );
    const res = await this.run(event);
    this.state = res.state as Record<string, unknown>;
  }

  /**
   * The window's final invocation, `STAGE_DELAYS.finalInvocation` after its end: no records, the
   * aggregator flushes.
   */
  async closeWindow(): Promise<void> {
    if (this.window === undefined) return;
    this.nowMs = this.windowEndMs + STAGE_DELAYS.finalInvocation.ms;
    await this.run(this.event([], true));
    this.state = {};
    this.window = undefined;
  }

  private event(
    records: KinesisTumblingWindowEvent['Records'],
    final: boolean,
  ): KinesisTumblingWindowEvent {
    return {
      Records: records,
      window: this.window as { start: string; end: string },
      state: this.state,
      shardId: this.config.shardId,
      eventSourceARN: REPLAY_STREAM_ARN,
      isFinalInvokeForWindow: final,
      isWindowTerminatedEarly: false,
    };
  }
}

/** A reason without the parts that differ per line (columns, quoted values), for tallies. */
export function reasonKey(reason: string): string {
  const colon = reason.indexOf(': ');
  const head = colon > 0 ? reason.slice(0, colon) : reason;
  // Quoted values longer than a token (`"["` stays) are the line's own text.
  return head
    .replace(/\s*"[^"]{4,}"/g, '')
    .replace(/ at column \d+/g, '')
    .trim();
}
