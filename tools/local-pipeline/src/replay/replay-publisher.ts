import { Logger } from '@aws-lambda-powertools/logger';
import { kinesisStreamRecord } from '@fleetlog/aws-kit';
import {
  BUCKET_SECONDS,
  DEFAULT_NAMESPACE,
  LOCAL_RESOURCES,
  STAGE_DELAYS,
} from '@fleetlog/pipeline-config';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { PublishSummary } from '../cloud/app-handlers';
import type { FaultPlan } from '../cloud/fault-plan';
import { FaultyPublisher } from '../cloud/faulty-publisher';
import type { LocalLedger } from '../cloud/local-ledger';
import type { RecordingCloudWatch } from '../cloud/recording-cloudwatch';

/** Records per publisher invocation: the deployed event source mapping's batch size. */
export const PUBLISH_BATCH = 200;
/**
 * Most time one batch may span. The publisher's clock is set to the end of its batch's newest
 * bucket: far below CloudWatch's 14 days, so no bucket of the batch is "too old".
 */
export const MAX_BATCH_SPAN_MS = 24 * 3600 * 1000;

const OUTPUT_ARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${LOCAL_RESOURCES.outputStream}`;

export interface PublisherCounts {
  dataPoints: number;
  calls: number;
  invalid: number;
  tooOld: number;
  tooNew: number;
  failedBatches: number;
}

/** From the aggregator's PutRecords to the publisher's invocation (ARCHITECTURE.md 6b). */
const OUTPUT_TO_PUBLISHER_MS = STAGE_DELAYS.outputStream.ms + STAGE_DELAYS.publisherBatching.ms;

/**
 * Drives the real metrics publisher over the replay's aggregates in batches of at most 200, as
 * the output stream's event source mapping would, in the replay's timeline: an aggregate is
 * readable OUTPUT_TO_PUBLISHER_MS after the aggregator emitted it, and what became readable at
 * the same moment (a window's flush) is one batch, published then (`publishingAtMs`). The
 * publisher's own clock, which decides what CloudWatch would refuse
 * as too old or too new, is the later of that moment and the end of the batch's newest bucket,
 * so every bucket of the log lands however far apart its lines are.
 */
export class ReplayPublisher {
  readonly counts: PublisherCounts = {
    dataPoints: 0,
    calls: 0,
    invalid: 0,
    tooOld: 0,
    tooNew: 0,
    failedBatches: 0,
  };
  /** When the batch being published was read, in the replay's timeline (epoch ms). */
  publishingAtMs = 0;
  private batch: { text: string; windowMs: number }[] = [];
  private batchReadableMs = -Infinity;
  private minMs = Infinity;
  private maxEndMs = -Infinity;
  private clock = Date.now();
  private sequence = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly publisher: FaultyPublisher;

  constructor(
    cloudWatch: RecordingCloudWatch,
    options: {
      namespace?: string;
      logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
      /** The publish ledger on dynalite; none: the publisher remembers in memory only. */
      ledger?: LocalLedger;
      /** `--inject-faults`: the publisher's faults; each batch is then delivered until done. */
      faults?: FaultPlan;
    } = {},
  ) {
    this.publisher = new FaultyPublisher({
      plan: options.faults,
      cloudWatch,
      ledger: options.ledger,
      now: () => this.clock,
      deps: {
        namespace: options.namespace ?? DEFAULT_NAMESPACE,
        logger: new Logger({
          serviceName: 'metrics-publisher',
          logLevel: options.logLevel ?? 'ERROR',
        }),
        onSummary: (summary: PublishSummary) => {
          this.counts.dataPoints += summary.dataPoints;
          this.counts.calls += summary.calls;
          this.counts.invalid += summary.invalid;
          this.counts.tooOld += summary.tooOld;
          this.counts.tooNew += summary.tooNew;
        },
      },
    });
  }

  /** Deliveries of a batch after a failed one (under `--inject-faults`). */
  get redeliveries(): number {
    return this.publisher.redeliveries;
  }

  /** Queues one output-stream record (its text exactly as emitted, at `emittedAtMs`). */
  add(text: string, emittedAtMs: number): void {
    const windowMs = windowStartOf(text);
    const readableMs = emittedAtMs + OUTPUT_TO_PUBLISHER_MS;
    if (
      this.batch.length > 0 &&
      (readableMs !== this.batchReadableMs ||
        (windowMs !== undefined &&
          Math.max(this.maxEndMs, windowMs) - Math.min(this.minMs, windowMs) > MAX_BATCH_SPAN_MS))
    ) {
      this.seal();
    }
    this.batchReadableMs = readableMs;
    this.batch.push({ text, windowMs: windowMs ?? NaN });
    if (windowMs !== undefined) {
      this.minMs = Math.min(this.minMs, windowMs);
      this.maxEndMs = Math.max(this.maxEndMs, windowMs + BUCKET_SECONDS * 1000);
    }
    if (this.batch.length >= PUBLISH_BATCH) this.seal();
  }

  /** Publishes what is queued and waits for every batch. */
  async flush(): Promise<void> {
    this.seal();
    await this.chain;
  }

  private seal(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    const publishMs = this.batchReadableMs;
    const clock = Math.max(publishMs, Number.isFinite(this.maxEndMs) ? this.maxEndMs : publishMs);
    this.batch = [];
    this.minMs = Infinity;
    this.maxEndMs = -Infinity;
    const event: KinesisStreamEvent = {
      Records: batch.map(({ text }) =>
        kinesisStreamRecord({
          shardId: 'shardId-000000000000',
          streamArn: OUTPUT_ARN,
          partitionKey: 'aggregate',
          sequenceNumber: String(++this.sequence),
          data: Buffer.from(text, 'utf8'),
          arrivalMs: Date.now(),
        }),
      ),
    };
    this.chain = this.chain.then(async () => {
      this.clock = clock;
      this.publishingAtMs = publishMs;
      if (!(await this.publisher.deliver(event))) this.counts.failedBatches++;
    });
  }
}

function windowStartOf(text: string): number | undefined {
  try {
    const t = Date.parse((JSON.parse(text) as { windowStart?: string }).windowStart ?? '');
    return Number.isFinite(t) ? t : undefined;
  } catch {
    return undefined;
  }
}
