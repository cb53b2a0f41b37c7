import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { createPublisherHandler, DEFAULT_LEASE_MS } from './app-handlers';
import { FaultPlan, NO_FAULT_RATES } from './fault-plan';
import { faultyCloudWatch, faultyDynamo } from './faulty-clients';
import { deliverUntilDone, FaultClock, FaultyFunction } from './faulty-function';
import type { LocalLedger } from './local-ledger';

type PublisherDeps = Parameters<typeof createPublisherHandler>[0];

/** Options of `FaultyPublisher`. */
export interface FaultyPublisherOptions {
  /** `--inject-faults`: where faults strike; none: the publisher runs as it is. */
  plan: FaultPlan | undefined;
  /** The run's CloudWatch (the recorder). */
  cloudWatch: PublisherDeps['cloudWatch'];
  /** The publish ledger on dynalite; none: memory only. */
  ledger: LocalLedger | undefined;
  /** The run's publisher clock (the faults' waits are added to it). */
  now: () => number;
  /** The rest of the publisher's dependencies, the same in every container. */
  deps: Omit<PublisherDeps, 'cloudWatch' | 'ledger' | 'now' | 'retry'>;
}

/**
 * The metrics publisher of a local run as Lambda runs it: one container at a time (a fresh one,
 * its memory lost, after one dies), each with its own view of CloudWatch and the ledger. Under
 * `--inject-faults` those views inject the faults, a batch may also go to a second container at
 * the same time, and waits (backoff, records another container holds) pass at once on the
 * publisher's clock.
 */
export class FaultyPublisher {
  /** Deliveries after a failed one (a dead container, batch item failures). */
  redeliveries = 0;
  private readonly clock = new FaultClock();
  private readonly fn: FaultyFunction<KinesisStreamEvent, KinesisStreamBatchResponse>;

  constructor(private readonly options: FaultyPublisherOptions) {
    const { plan, ledger } = options;
    const now = () => options.now() + this.clock.skewMs;
    this.fn = new FaultyFunction(
      plan ?? new FaultPlan(0, NO_FAULT_RATES),
      (container) => {
        const handler = createPublisherHandler({
          ...options.deps,
          now,
          cloudWatch: plan
            ? faultyCloudWatch(options.cloudWatch, container, plan, ledger !== undefined)
            : options.cloudWatch,
          ledger: ledger?.ledger(
            now,
            plan ? faultyDynamo(ledger.dynamo, container, plan) : ledger.dynamo,
          ),
          retry: plan ? { sleep: this.clock.sleep } : undefined,
        });
        return (event: KinesisStreamEvent) => handler(event);
      },
      // A dead container's claims are held until their lease ends (its deadline). Lambda would
      // re-deliver at once and the heir would wait on them; the run moves the clock past the
      // lease instead: the same outcome, without the waiting.
      () => this.clock.sleep(DEFAULT_LEASE_MS + 1),
    );
  }

  /**
   * One delivery of a batch, as Lambda invokes the function (under faults, maybe to a second
   * container too). Rejects with `ContainerDied` when its container died: deliver it again.
   */
  async invoke(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
    try {
      const response = await this.fn.invokeMaybeTwice(event);
      if (response.batchItemFailures.length > 0) this.redeliveries++;
      return response;
    } catch (error) {
      this.redeliveries++;
      throw error;
    }
  }

  /**
   * A batch delivered until done, for a run without an event source mapping (the replay): under
   * faults as Kinesis would (from the first failed record, or whole after a failed invocation);
   * without, once. Resolves to whether every record was done.
   */
  async deliver(event: KinesisStreamEvent): Promise<boolean> {
    if (this.options.plan) {
      await deliverUntilDone((e) => this.invoke(e), event);
      return true;
    }
    return (await this.invoke(event)).batchItemFailures.length === 0;
  }
}
