import type { KinesisStreamBatchResponse, KinesisStreamTumblingWindowEvent } from 'aws-lambda';

/**
 * The event Lambda sends a function whose Kinesis event source mapping has a tumbling window:
 * `@types/aws-lambda`'s `KinesisStreamTumblingWindowEvent`, extended with the top-level `shardId`
 * and `eventSourceARN` that such events carry (the published type lacks them), and with the
 * window state typed instead of `any`.
 */
export interface KinesisTumblingWindowEvent<TState = Record<string, unknown>> extends Omit<
  KinesisStreamTumblingWindowEvent,
  'state'
> {
  /** State returned by the previous invocation of this window; `{}` on the first. */
  state?: TState;
  shardId: string;
  eventSourceARN: string;
}

/** What a tumbling-window handler returns on every call: the state and the failed records. */
export interface TumblingWindowResponse<
  TState = Record<string, unknown>,
> extends KinesisStreamBatchResponse {
  state: TState;
}
