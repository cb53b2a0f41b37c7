// What a window state holds, read back as the output records it would flush (not exported from
// index.ts): specs look into the state through this, whatever its encoding.
import type { AggregateRecord, PipelineAggregate, RequestsAggregate } from '@fleetlog/log-schema';
import { decodeState } from '../state-codec';
import { DEFAULT_TOP_HOST_COUNTERS } from '../window-aggregate';

/** The records a flush of this state would write (partial info left as placeholders). */
export function stateRecords(state: unknown): AggregateRecord[] {
  const { agg } = decodeState(state, DEFAULT_TOP_HOST_COUNTERS);
  return agg.toAggregateRecords({ shardId: 'state', flushId: 'state' });
}

/** The `requests` records of a state. */
export function stateRequests(state: unknown): RequestsAggregate[] {
  return stateRecords(state).filter((r): r is RequestsAggregate => r.kind === 'requests');
}

/** The `pipeline` records of a state. */
export function statePipeline(state: unknown): PipelineAggregate[] {
  return stateRecords(state).filter((r): r is PipelineAggregate => r.kind === 'pipeline');
}
