import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { ContainerDied, FaultContainer } from './fault-container';
import type { FaultPlan } from './fault-plan';

/**
 * Deliveries of one batch at most before the run gives up on it (Lambda's retries are bounded
 * too; at the default rates a batch needs a handful).
 */
export const MAX_DELIVERIES = 100;

/**
 * The time a faulty run adds to the publisher's clock: its waits (backoff, waiting for records
 * another container holds) pass at once and move this clock on, so leases run out as they would.
 */
export class FaultClock {
  skewMs = 0;
  readonly sleep = async (ms: number): Promise<void> => {
    this.skewMs += ms;
  };
}

/**
 * A Lambda function under fault injection: one container at a time, built by `make`, replaced
 * by a fresh one (its memory lost) when it dies.
 */
export class FaultyFunction<E, R> {
  private container!: FaultContainer;
  private handler!: (event: E) => Promise<R>;

  constructor(
    private readonly plan: FaultPlan,
    private readonly make: (container: FaultContainer) => (event: E) => Promise<R>,
    /** Called when a container died (the first's or a duplicate's). */
    private readonly onDeath: () => void = () => undefined,
  ) {
    this.replace();
  }

  /** One invocation in the current container; `ContainerDied` when it died (then replaced). */
  async invoke(event: E): Promise<R> {
    const { container, handler } = this;
    try {
      return await container.run(handler(event));
    } catch (error) {
      if (error instanceof ContainerDied) {
        this.replace();
        this.onDeath();
      }
      throw error;
    }
  }

  /**
   * An invocation that may also be delivered to a second, fresh container at the same time (a
   * duplicate delivery): the first container's result counts, the second's is dropped.
   */
  async invokeMaybeTwice(event: E): Promise<R> {
    if (!this.plan.strikes('duplicateDelivery')) return this.invoke(event);
    const second = new FaultContainer(this.plan);
    const [first, duplicate] = await Promise.allSettled([
      this.invoke(event),
      second.run(this.make(second)(event)),
    ]);
    if (duplicate.status === 'rejected' && duplicate.reason instanceof ContainerDied) {
      this.onDeath();
    }
    if (first.status === 'rejected') throw first.reason;
    return first.value;
  }

  private replace(): void {
    this.container = new FaultContainer(this.plan);
    this.handler = this.make(this.container);
  }
}

/**
 * Delivers a batch as a Kinesis event source mapping does until every record is done: after
 * batch item failures, again from the first failed record; after a failed invocation (a dead
 * container, an error), the whole batch again. Returns the deliveries it took.
 */
export async function deliverUntilDone(
  invoke: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | void>,
  event: KinesisStreamEvent,
): Promise<number> {
  let records = event.Records;
  let lastError: unknown;
  for (let delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
    let failed: string | undefined;
    try {
      failed = (await invoke({ Records: records }))?.batchItemFailures?.[0]?.itemIdentifier;
      if (failed === undefined) return delivery;
    } catch (error) {
      lastError = error;
      continue;
    }
    const from = records.findIndex((r) => r.kinesis.sequenceNumber === failed);
    if (from < 0) throw new Error(`batch item failure names no record of the batch: ${failed}`);
    records = records.slice(from);
  }
  throw new Error(
    `a batch still failed after ${MAX_DELIVERIES} deliveries: ${lastError instanceof Error ? lastError.message : 'batch item failures'}`,
  );
}
