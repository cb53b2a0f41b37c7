import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

/**
 * The event Lambda sends a function whose Kinesis event source mapping has a tumbling window.
 * `@types/aws-lambda` models the window fields but not the top-level `shardId` and
 * `eventSourceARN` that tumbling-window events carry.
 */
export interface KinesisTumblingWindowEvent<TState = Record<string, unknown>>
  extends KinesisStreamEvent {
  window: { start: string; end: string };
  /** State returned by the previous invocation of this window; `{}` on the first. */
  state?: TState;
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

export interface TumblingWindowResponse<TState = Record<string, unknown>>
  extends KinesisStreamBatchResponse {
  state: TState;
}
