import { AGGREGATE_SCHEMA_VERSION, bucketBounds } from '@fleetlog/pipeline-config';
import type { MalformedTally } from './shard-runner';

/** One input as the summary shows it. */
export interface InputSummary {
  name: string;
  lines: number;
  malformed: number;
  /** Malformed lines by reason. */
  reasons: Record<string, number>;
}

export function sumLines(inputs: readonly InputSummary[]): number {
  return inputs.reduce((s, i) => s + i.lines, 0);
}

/** Adds the shards' malformed tallies (by input, then reason) to the inputs' counts. */
export function mergeTallies(inputs: InputSummary[], tallies: readonly MalformedTally[]): void {
  for (const tally of tallies) {
    for (const [index, reasons] of Object.entries(tally)) {
      const input = inputs[Number(index)];
      if (input === undefined) continue;
      for (const [reason, n] of Object.entries(reasons)) {
        input.reasons[reason] = (input.reasons[reason] ?? 0) + n;
        input.malformed += n;
      }
    }
  }
}

/**
 * Lines too long for a Kinesis record never reach the aggregator: the reader reports them as
 * its own partial `pipeline` records (ARCHITECTURE.md section 4), in the bucket of the log's time where they
 * were read, so `MalformedLines` covers them like every other malformed line.
 */
export function emitReaderPartials(
  byBucket: ReadonlyMap<number, number>,
  emit: (texts: string[]) => void,
): void {
  const texts: string[] = [];
  for (const [bucketMs, n] of [...byBucket].sort((a, b) => a[0] - b[0])) {
    const { windowStart, windowEnd } = bucketBounds(bucketMs);
    texts.push(
      JSON.stringify({
        schemaVersion: AGGREGATE_SCHEMA_VERSION,
        kind: 'pipeline',
        windowStart,
        windowEnd,
        records: n,
        malformedLines: n,
        partial: { shardId: 'replay-reader', flushId: `too-long-${bucketMs}` },
      }),
    );
  }
  if (texts.length > 0) emit(texts);
}
