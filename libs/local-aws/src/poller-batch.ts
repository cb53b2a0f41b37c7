import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { ShardPoller, type PollerOptions, type ShardCursor } from './poller';
import { firstFailureIndex } from './poller-shards';

export type BatchHandler = (
  event: KinesisStreamEvent,
) => Promise<KinesisStreamBatchResponse | void>;

/**
 * Plain batches, with ReportBatchItemFailures semantics: the shard resumes at the earliest
 * reported sequence number; a batch that keeps failing at the same record, or keeps throwing,
 * goes to `onFailure` after `maxRetries` retries and the shard moves on.
 */
export class KinesisBatchPoller extends ShardPoller {
  constructor(
    options: PollerOptions,
    private readonly handler: BatchHandler,
  ) {
    super(options);
  }

  protected async pollShard(cursor: ShardCursor): Promise<number> {
    const { records, ended } = await this.readBatch(cursor);
    if (records.length === 0) {
      cursor.ended = ended;
      return 0;
    }
    const last = records[records.length - 1].kinesis.sequenceNumber;
    const result = await this.invokeWithRetries(() => this.handler({ Records: records }));
    if (!result.ok) {
      await this.sendToFailureSink({ shardId: cursor.shardId, records, error: result.error });
      this.moveAfter(cursor, last);
      return records.length;
    }
    const failed = firstFailureIndex(records, result.value?.batchItemFailures);
    if (failed < 0) {
      this.moveAfter(cursor, last);
      return records.length;
    }
    // Records before the failure are done; a failure at the first record is a retry of it.
    cursor.failedAttempts = failed === 0 ? cursor.failedAttempts + 1 : 1;
    if (cursor.failedAttempts > this.maxRetries) {
      await this.sendToFailureSink({
        shardId: cursor.shardId,
        records: records.slice(failed),
        error: `batch item failure at ${records[failed].kinesis.sequenceNumber} after ${this.maxRetries} retries`,
      });
      this.moveAfter(cursor, last);
    } else {
      cursor.position = {
        type: 'AT_SEQUENCE_NUMBER',
        sequenceNumber: records[failed].kinesis.sequenceNumber,
      };
    }
    return records.length;
  }
}
