import type { KinesisStreamTumblingWindowEvent, KinesisStreamStateResponse } from 'aws-lambda';
import type { KinesisTumblingWindowEvent, TumblingWindowResponse } from './index';

// Compile-time checks (the typecheck target compiles specs): the extended event is still the
// published tumbling-window event, and the response is what Lambda expects back.
type Extends<A, B> = A extends B ? true : false;
const eventIsPublishedEvent: Extends<KinesisTumblingWindowEvent, KinesisStreamTumblingWindowEvent> =
  true;
const responseIsStateResponse: Extends<TumblingWindowResponse, KinesisStreamStateResponse> = true;
// ...while the published event lacks the top-level fields, so it is not one of ours.
const publishedLacksShardId: Extends<KinesisStreamTumblingWindowEvent, KinesisTumblingWindowEvent> =
  false;

describe('KinesisTumblingWindowEvent', () => {
  it('accepts a tumbling-window event as Lambda sends it, top-level shardId and eventSourceARN included', () => {
    const raw: unknown = JSON.parse(`{
      "Records": [],
      "window": { "start": "2020-07-30T17:00:00Z", "end": "2020-07-30T17:05:00Z" },
      "state": { "1": 282, "2": 715 },
      "shardId": "shardId-000000000006",
      "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
      "isFinalInvokeForWindow": false,
      "isWindowTerminatedEarly": false
    }`);
    const event = raw as KinesisTumblingWindowEvent<Record<string, number>>;
    const published: KinesisStreamTumblingWindowEvent = event;
    expect(event.shardId).toBe('shardId-000000000006');
    expect(event.eventSourceARN).toMatch(/^arn:aws:kinesis:/);
    expect(published.window.end).toBe('2020-07-30T17:05:00Z');
    expect(event.state?.['2']).toBe(715);
    expect([eventIsPublishedEvent, responseIsStateResponse, publishedLacksShardId]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
