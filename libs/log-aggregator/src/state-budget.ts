import { TUMBLING_WINDOW_MAX_STATE_BYTES } from '@fleetlog/pipeline-config';
import type { EncodedState } from './state-codec';

/**
 * The most window state the handler returns: nine tenths of Lambda's 1 MB per shard
 * (`TUMBLING_WINDOW_MAX_STATE_BYTES`), so that a state measured a little differently by Lambda
 * still never ends the window early. Measured as the JSON bytes of the returned state.
 */
export const DEFAULT_MAX_STATE_BYTES = Math.floor(TUMBLING_WINDOW_MAX_STATE_BYTES * 0.9);

/**
 * Above this share of the budget, an invocation first writes out the oldest minutes of the state
 * it was given, before counting its batch: the state Lambda committed, so a retried invocation
 * (bisected or not) writes the same records under the same flushId and consumers drop the copy.
 * Half the budget leaves the other half for what one batch adds.
 */
export const FLUSH_AHEAD_SHARE = 0.5;

/**
 * The oldest buckets whose removal brings an encoded state down to `targetBytes`, oldest first
 * (none when it already fits). Each bucket is credited with its own encoded bytes only, never
 * with the strings it shares with others, so what is removed is always enough.
 */
export function oldestBucketsOver(encoded: EncodedState, targetBytes: number): number[] {
  let excess = encoded.bytes - targetBytes;
  const take: number[] = [];
  for (const { bucketMs, bytes } of encoded.buckets) {
    if (excess <= 0) break;
    take.push(bucketMs);
    // base64: 4 characters for every 3 bytes.
    excess -= Math.floor((bytes * 4) / 3);
  }
  return take;
}
