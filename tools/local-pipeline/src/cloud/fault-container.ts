import type { FaultPlan } from './fault-plan';

/** The invocation's container died (a crash, or a timeout): Lambda re-delivers its batch. */
export class ContainerDied extends Error {
  constructor() {
    super('injected fault: the container died during the invocation');
    this.name = 'ContainerDied';
  }
}

/** A promise that never settles: a call of a dead container, or one Lambda killed mid-way. */
const never = (): Promise<never> => new Promise<never>(() => undefined);

/**
 * One Lambda execution environment as the fault injector sees it. It dies at a fault: from then
 * on none of its AWS calls answers (the code after them never runs, as in a killed process), and
 * the invocation under way ends with `ContainerDied`, its response lost.
 */
export class FaultContainer {
  private dead = false;
  /**
   * Set when a timeout strikes after PutMetricData: the call's outcome writes (one per claim,
   * sent together) may still go out; nothing else.
   */
  private doomed: 'outcome' | 'now' | undefined;
  private onDeath: (() => void) | undefined;
  private readonly died: Promise<'died'>;

  constructor(private readonly plan: FaultPlan) {
    this.died = new Promise((resolve) => (this.onDeath = () => resolve('died')));
  }

  /**
   * Runs one invocation: its result, or `ContainerDied` when the container died during it (or
   * timed out, even if the handler then returned: Lambda discards that response).
   */
  async run<T>(invocation: Promise<T>): Promise<T> {
    const outcome = await Promise.race([invocation.then((value) => ({ value })), this.died]);
    if (outcome === 'died' || this.doomed !== undefined) {
      this.kill();
      throw new ContainerDied();
    }
    return outcome.value;
  }

  /**
   * Before each AWS call. `publishedOutcome`: the ledger's write that records a PutMetricData as
   * published. A crash may strike before any other call; never between PutMetricData and that
   * write, the one window the deadline margin keeps Lambda's timeout out of (README, "Fault
   * injection").
   */
  async beforeCall(publishedOutcome = false): Promise<void> {
    if (this.dead) return never();
    if (this.doomed === 'outcome' && publishedOutcome) return;
    if (this.doomed !== undefined || (!publishedOutcome && this.plan.strikes('crash'))) {
      this.kill();
      return never();
    }
  }

  /**
   * A timeout after PutMetricData succeeded: the function runs out of time once the call's
   * outcome is written (the deadline margin keeps room for that write); nothing after it runs.
   */
  timeOutAfterOutcome(withLedger: boolean): void {
    if (this.doomed !== undefined) return;
    this.doomed = withLedger ? 'outcome' : 'now';
  }

  private kill(): void {
    this.dead = true;
    this.onDeath?.();
  }
}
