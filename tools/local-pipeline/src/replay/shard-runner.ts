import { Logger } from '@aws-lambda-powertools/logger';
import { kinesisStreamRecord, type KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { LOCAL_RESOURCES, TUMBLING_WINDOW_SECONDS } from '@fleetlog/pipeline-config';
import { createAggregatorHandler } from '../cloud/app-handlers';
import { capturingKinesis, referenceMapS3 } from '../cloud/in-process-aws';

export const REPLAY_STREAM_ARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${LOCAL_RESOURCES.inputStream}`;

/** What one shard needs to run the aggregator; plain data, so it crosses to a worker thread. */
export interface ShardConfig {
  shardId: string;
  /** The reference map's text; undefined: no map, every host UNKNOWN. */
  referenceCsv: string | undefined;
  /** Invocations per tumbling window before its final invocation; default 8. */
  invocationsPerWindow?: number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** The aggregator's `logFormat`; default `combined`. */
  logFormat?: string;
  /** The aggregator's `trustedProxies`; default none. */
  trustedProxies?: readonly string[];
}

/** Malformed lines by input file index, then by reason. */
export type MalformedTally = Record<number, Record<string, number>>;

/**
 * One shard of the input stream as Lambda drives it with a tumbling window: invocations carrying
 * records and the window state, then a final invocation that flushes. The real aggregator, with
 * the reference map in memory and the output stream captured, so nothing goes over a socket.
 */
export class ShardRunner {
  readonly malformed: MalformedTally = {};
  private readonly handler: ReturnType<typeof createAggregatorHandler>;
  private state: Record<string, unknown> = {};
  private window: { start: string; end: string } | undefined;
  private invocations = 0;
  private sequence = 0n;
  private fileIndex = 0;
  private readonly perWindow: number;

  constructor(
    private readonly config: ShardConfig,
    onAggregates: (texts: string[]) => void,
  ) {
    this.perWindow = config.invocationsPerWindow ?? 8;
    this.handler = createAggregatorHandler({
      s3: referenceMapS3(config.referenceCsv),
      kinesis: capturingKinesis(onAggregates),
      referenceBucket: LOCAL_RESOURCES.referenceBucket,
      outputStreamName: LOCAL_RESOURCES.outputStream,
      // The map never changes during a replay.
      refreshSeconds: 3600,
      logFormat: config.logFormat,
      trustedProxies: config.trustedProxies,
      logger: new Logger({ serviceName: 'log-aggregator', logLevel: config.logLevel ?? 'ERROR' }),
      onMalformed: (reason) => {
        const byReason = (this.malformed[this.fileIndex] ??= {});
        const key = reasonKey(reason);
        byReason[key] = (byReason[key] ?? 0) + 1;
      },
    });
  }

  /** One invocation with these records; opens a window at `bucketMs` if none is open. */
  async invoke(records: readonly Uint8Array[], bucketMs: number, fileIndex: number): Promise<void> {
    if (this.window === undefined) {
      this.window = {
        start: new Date(bucketMs).toISOString(),
        end: new Date(bucketMs + TUMBLING_WINDOW_SECONDS * 1000).toISOString(),
      };
    }
    this.fileIndex = fileIndex;
    const arrivalMs = Date.now();
    const event = this.event(
      records.map((data) =>
        kinesisStreamRecord({
          shardId: this.config.shardId,
          streamArn: REPLAY_STREAM_ARN,
          partitionKey: `agent-${this.sequence.toString(36)}`,
          sequenceNumber: String(49_000_000_000_000_000_000n + ++this.sequence),
          data,
          arrivalMs,
        }),
      ),
      false,
    );
    const res = await this.handler(event);
    this.state = res.state;
    if (++this.invocations >= this.perWindow) await this.closeWindow();
  }

  /** The window's final invocation: no records, the aggregator flushes. */
  async closeWindow(): Promise<void> {
    if (this.window === undefined) return;
    await this.handler(this.event([], true));
    this.state = {};
    this.window = undefined;
    this.invocations = 0;
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
