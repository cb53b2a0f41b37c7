import { CLOUDWATCH_MAX_FUTURE_MS, STAGE_DELAYS } from '@fleetlog/pipeline-config';
import { firstLineTimeMs, lastLineTimeMs } from './record-packer';

/**
 * A packed record whose lines span more log time than this is split as a shipper would have sent
 * it (every line within STAGE_DELAYS.shipperFlush of the first of its record); narrower ones are
 * kept whole, their lines arriving with the last one, at most this late. Half a tumbling window:
 * the replay of a dense log (hundreds of lines a second) never pays for reading every line's time.
 */
export const SPLIT_SPAN_MS = 30_000;

const LF = 10;

/** A record as the shipper sends it, with the time of its newest line (undefined: none read). */
export interface ShippedRecord {
  data: Buffer;
  lastLineMs: number | undefined;
}

/**
 * The records a shipper flushing every STAGE_DELAYS.shipperFlush would have made of `data`
 * (ARCHITECTURE.md section 6b): one when its first and last lines are within SPLIT_SPAN_MS,
 * else a new record whenever a line is dated more than the flush interval after the first line
 * of the current one (a line dated earlier, a jump back, stays with it; a line dated more than
 * CLOUDWATCH_MAX_FUTURE_MS after the wall clock, which the aggregator refuses, has no say).
 * Subarrays: nothing is copied.
 */
export function shipperRecords(data: Buffer, wallNow: () => number = Date.now): ShippedRecord[] {
  const first = firstLineTimeMs(data);
  const last = lastLineTimeMs(data);
  if (first === undefined || last === undefined || Math.abs(last - first) <= SPLIT_SPAN_MS) {
    return [{ data, lastLineMs: last }];
  }
  const flushMs = STAGE_DELAYS.shipperFlush.ms;
  const futureMs = wallNow() + CLOUDWATCH_MAX_FUTURE_MS;
  const out: ShippedRecord[] = [];
  let start = 0;
  let groupFirst: number | undefined;
  let groupLast: number | undefined;
  let pos = 0;
  while (pos < data.length) {
    const nl = data.indexOf(LF, pos);
    const end = nl < 0 ? data.length : nl + 1;
    const t = firstLineTimeMs(data.subarray(pos, end));
    if (t !== undefined && t <= futureMs) {
      if (groupFirst !== undefined && t > groupFirst + flushMs && pos > start) {
        out.push({ data: data.subarray(start, pos), lastLineMs: groupLast });
        start = pos;
        groupFirst = undefined;
      }
      groupFirst ??= t;
      groupLast = t;
    }
    pos = end;
  }
  if (start < data.length) out.push({ data: data.subarray(start), lastLineMs: groupLast });
  return out;
}
