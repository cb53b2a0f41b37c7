import { gzipSync } from 'node:zlib';
import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { isTransientAwsError, sleep, backoffDelay, withRetry } from '@fleetlog/aws-kit';
import { KINESIS_LIMITS } from '@fleetlog/pipeline-config';

export interface ShipperOptions {
  kinesis: KinesisClient;
  /** The input stream. */
  streamName: string;
  /** Log lines per Kinesis record, as the agent packs them; default 25. */
  linesPerRecord?: number;
  /** Records per PutRecords call; default and at most 500 (the API's limit). */
  recordsPerCall?: number;
  /** Attempts for records a PutRecords response reports as failed; default 8. */
  attempts?: number;
  /**
   * Gzip each record, as Fluent Bit can: the aggregator reads both, and kinesalite keeps every
   * record in memory, so a multi-gigabyte replay needs it.
   */
  gzip?: boolean;
}

export interface ShipperStats {
  lines: number;
  /** Lines longer than a Kinesis record can carry: counted as malformed (`line too long`), not sent. */
  tooLong: number;
  records: number;
  calls: number;
  bytes: number;
}

/** Kinesis records are at most 1 MiB (data and partition key): stay well below, room for the key. */
const MAX_RECORD_BYTES = KINESIS_LIMITS.maxRecordBytes - 124 * 1024;
/**
 * A PutRecords call carries at most 5 MiB. Only the records' data is counted here: the margin
 * covers the partition keys of up to 500 records and the request's own overhead.
 */
const MAX_CALL_BYTES = KINESIS_LIMITS.maxBytesPerPut - 1024 * 1024;

/**
 * Ships raw log lines to the input stream the way the Kinesis Agent does: several lines per
 * record, newline-terminated, random-looking partition keys so records spread over the shards,
 * PutRecords in batches. `add` resolves once the line is buffered or, when a batch is full, once
 * that batch is written — so a caller that awaits it is held back by the stream (backpressure).
 */
export class LineShipper {
  readonly stats: ShipperStats = { lines: 0, tooLong: 0, records: 0, calls: 0, bytes: 0 };
  private readonly linesPerRecord: number;
  private readonly recordsPerCall: number;
  private readonly attempts: number;
  private lines: string[] = [];
  private lineBytes = 0;
  private entries: PutRecordsRequestEntry[] = [];
  private entryBytes = 0;
  private keyCounter = 0;

  constructor(private readonly options: ShipperOptions) {
    this.linesPerRecord = options.linesPerRecord ?? 25;
    const maxRecords = KINESIS_LIMITS.maxRecordsPerPut;
    this.recordsPerCall = Math.min(options.recordsPerCall ?? maxRecords, maxRecords);
    this.attempts = options.attempts ?? 8;
  }

  async add(line: string): Promise<void> {
    const bytes = Buffer.byteLength(line) + 1;
    if (bytes > MAX_RECORD_BYTES) {
      // PutRecords would refuse the whole call (ValidationException): count it, ship the rest.
      this.stats.tooLong++;
      return;
    }
    if (
      this.lines.length > 0 &&
      (this.lines.length >= this.linesPerRecord || this.lineBytes + bytes > MAX_RECORD_BYTES)
    ) {
      await this.sealRecord();
    }
    this.lines.push(line);
    this.lineBytes += bytes;
    this.stats.lines++;
  }

  /** Writes everything buffered. */
  async flush(): Promise<void> {
    if (this.lines.length > 0) await this.sealRecord();
    if (this.entries.length > 0) await this.putBatch();
  }

  private async sealRecord(): Promise<void> {
    const raw = Buffer.from(`${this.lines.join('\n')}\n`);
    const data = this.options.gzip ? gzipSync(raw, { level: 1 }) : raw;
    this.lines = [];
    this.lineBytes = 0;
    if (
      this.entries.length >= this.recordsPerCall ||
      this.entryBytes + data.length > MAX_CALL_BYTES
    ) {
      await this.putBatch();
    }
    this.entries.push({ Data: data, PartitionKey: this.partitionKey() });
    this.entryBytes += data.length;
    this.stats.records++;
    this.stats.bytes += data.length;
  }

  /** Distinct keys per record: Kinesis hashes them (MD5) onto the shards evenly. */
  private partitionKey(): string {
    return `agent-${(this.keyCounter++).toString(36)}`;
  }

  private async putBatch(): Promise<void> {
    let pending = this.entries;
    this.entries = [];
    this.entryBytes = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const batch = pending;
      const out = await withRetry(
        () => {
          this.stats.calls++;
          return this.options.kinesis.send(
            new PutRecordsCommand({ StreamName: this.options.streamName, Records: batch }),
          );
        },
        {
          attempts: this.attempts,
          baseDelayMs: 50,
          maxDelayMs: 2_000,
          isRetryable: isTransientAwsError,
        },
      );
      // Entries the response marks as failed (throttled) are resent alone, in order.
      pending = batch.filter((_, i) => out.Records?.[i]?.ErrorCode !== undefined);
      if (pending.length === 0) return;
      if (attempt >= this.attempts) {
        throw new Error(
          `PutRecords kept failing for ${pending.length} records after ${attempt} attempts`,
        );
      }
      await sleep(backoffDelay(attempt, 50, 2_000));
    }
  }
}
