// What counts as a line of an access log, and which lines are refused whatever their format: the
// one rule `fleetlog parse` and the replay (`npm start -- --access-log`) share with the aggregator
// (ARCHITECTURE.md sections 3, 7 and 8).
//
// - Line ends are LF, CRLF and a bare CR (old Mac style, or records a shipper joined with `\r`):
//   `normaliseLineEnds` rewrites the bare CR before any reader splits.
// - An empty line (nothing between two line ends, a CR before the LF dropped) is no line: it is
//   skipped, neither parsed nor counted.
// - A line longer than MAX_LINE_BYTES cannot be one Kinesis record, so no shipper can deliver it:
//   it is malformed (LINE_TOO_LONG) and its bytes are skipped, never held in memory.
// - A line dated more than CLOUDWATCH_MAX_FUTURE_MS after the reader's clock is malformed
//   (FUTURE_TIMESTAMP_REASON): CloudWatch would refuse its data point.
import { CLOUDWATCH_MAX_FUTURE_MS, KINESIS_LIMITS } from '@fleetlog/pipeline-config';

/**
 * The longest line, in bytes without its line end: a Kinesis record's 1 MiB minus the 256 bytes
 * its partition key may take (the replay's record packer and `fleetlog parse` both apply it).
 */
export const MAX_LINE_BYTES = KINESIS_LIMITS.maxRecordBytes - 256;

/** The malformed reason of a line longer than MAX_LINE_BYTES. */
export const LINE_TOO_LONG = 'line too long';

/** The malformed reason of a line dated too far ahead (the aggregator's own wording). */
export const FUTURE_TIMESTAMP_REASON = 'timestamp in the future';

/** The malformed reason of a parsed time that is not a finite instant. */
export const TIME_OUT_OF_RANGE = 'timestamp out of range';

/**
 * Why a line parsed at `epochMs` is malformed anyway, or null: a time that is no instant, or one
 * more than two hours after `nowMs` (CLOUDWATCH_MAX_FUTURE_MS).
 */
export function lineTimeProblem(epochMs: number, nowMs: number): string | null {
  if (!Number.isFinite(epochMs)) return TIME_OUT_OF_RANGE;
  return epochMs > nowMs + CLOUDWATCH_MAX_FUTURE_MS ? FUTURE_TIMESTAMP_REASON : null;
}
