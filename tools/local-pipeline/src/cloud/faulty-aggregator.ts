import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { createAggregatorHandler } from './app-handlers';
import { FaultPlan, NO_FAULT_RATES } from './fault-plan';
import { faultyKinesis } from './faulty-clients';
import { FaultyFunction } from './faulty-function';

type AggregatorDeps = Parameters<typeof createAggregatorHandler>[0];
type AggregatorResponse = Awaited<ReturnType<ReturnType<typeof createAggregatorHandler>>>;

/**
 * The log aggregator of a local run as Lambda runs it: one container at a time, a fresh one
 * after one dies. Under `--inject-faults` its output stream fails at the plan's points (a
 * PutRecords that partly fails, throttling, a crash before a call) and backoff waits pass at
 * once; a failed invocation is for the caller to deliver again, with the same state.
 */
export class FaultyAggregator {
  /** Invocations that failed (each is delivered again). */
  redeliveries = 0;
  private readonly fn: FaultyFunction<KinesisTumblingWindowEvent, AggregatorResponse>;

  constructor(
    readonly plan: FaultPlan | undefined,
    deps: Omit<AggregatorDeps, 'retry'> & { kinesis: KinesisClient },
  ) {
    this.fn = new FaultyFunction(plan ?? new FaultPlan(0, NO_FAULT_RATES), (container) => {
      const handler = createAggregatorHandler({
        ...deps,
        kinesis: plan ? faultyKinesis(deps.kinesis, container, plan) : deps.kinesis,
        retry: plan ? { sleep: async () => undefined } : undefined,
      });
      return (event: KinesisTumblingWindowEvent) => handler(event);
    });
  }

  /** One invocation; rejects when it failed (`ContainerDied`, PutRecords still failing). */
  async invoke(event: KinesisTumblingWindowEvent): Promise<AggregatorResponse> {
    try {
      return await this.fn.invoke(event);
    } catch (error) {
      this.redeliveries++;
      throw error;
    }
  }
}
