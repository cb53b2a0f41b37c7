import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import {
  backoffDelay,
  DeadlineReached,
  isTransientAwsError,
  sleep,
  type InvocationDeadline,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { KINESIS_LIMITS } from '@fleetlog/pipeline-config';

const MAX_PARTITION_KEY_LENGTH = 256;

/** Partition key of `pipeline` records, which belong to no application. */
export const PIPELINE_PARTITION_KEY = 'pipeline';

export function partitionKeyOf(record: AggregateRecord): string {
  const key = record.kind === 'requests' ? record.applicationName : PIPELINE_PARTITION_KEY;
  return key.length === 0 ? PIPELINE_PARTITION_KEY : key.slice(0, MAX_PARTITION_KEY_LENGTH);
}

/** Splits entries into PutRecords calls within both limits, keeping their order. */
export function chunkEntries(
  entries: readonly PutRecordsRequestEntry[],
): PutRecordsRequestEntry[][] {
  const chunks: PutRecordsRequestEntry[][] = [];
  let current: PutRecordsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = (entry.Data?.length ?? 0) + Buffer.byteLength(entry.PartitionKey ?? '');
    if (
      current.length > 0 &&
      (current.length >= KINESIS_LIMITS.maxRecordsPerPut ||
        bytes + size > KINESIS_LIMITS.maxBytesPerPut)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Writes the records with PutRecords. Entries a response reports as failed (throttling, internal
 * errors) are resent alone with backoff, as are calls that fail transiently; if some still fail
 * after `retry.attempts`, this throws so that Lambda retries the whole flush (consumers drop the
 * duplicates by flushId). With a `deadline`, no call (and no backoff before one) starts within its
 * margin: `DeadlineReached` is thrown instead, naming the entries left, so Lambda retries the
 * invocation rather than kill it mid-call.
 */
export async function putAggregateRecords(
  kinesis: KinesisClient,
  streamName: string,
  records: readonly AggregateRecord[],
  retry: RetryOptions,
  deadline?: InvocationDeadline,
): Promise<{ calls: number }> {
  const entries = records.map((r) => ({
    Data: Buffer.from(JSON.stringify(r), 'utf8'),
    PartitionKey: partitionKeyOf(r),
  }));
  let calls = 0;
  let written = 0;
  const wait = retry.sleep ?? sleep;
  const stopIfLate = (waitMs: number) => {
    if (deadline && !deadline.canStart(waitMs)) {
      throw new DeadlineReached(
        `PutRecords of the last ${entries.length - written} of ${entries.length} entries`,
      );
    }
  };
  for (const chunk of chunkEntries(entries)) {
    let pending = chunk;
    for (let attempt = 1; ; attempt++) {
      let failedCodes: string[] = [];
      stopIfLate(0);
      try {
        calls++;
        const res = await kinesis.send(
          new PutRecordsCommand({ StreamName: streamName, Records: pending }),
        );
        const results = res.Records ?? [];
        if (!res.FailedRecordCount) {
          written += pending.length;
          break;
        }
        const failed: PutRecordsRequestEntry[] = [];
        results.forEach((result, i) => {
          if (result.ErrorCode !== undefined) {
            failed.push(pending[i]);
            failedCodes.push(result.ErrorCode);
          }
        });
        written += pending.length - failed.length;
        if (failed.length === 0) break;
        pending = failed;
      } catch (error) {
        if (!isTransientAwsError(error) || attempt >= retry.attempts) throw error;
        failedCodes = [];
      }
      if (attempt >= retry.attempts) {
        throw new Error(
          `PutRecords to ${streamName}: ${pending.length} entries still failing after ${attempt} attempts (${[
            ...new Set(failedCodes),
          ].join(', ')})`,
        );
      }
      const delay = backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs, retry.random);
      stopIfLate(delay);
      await wait(delay);
    }
  }
  return { calls };
}
