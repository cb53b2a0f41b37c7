import { LOCAL_RESOURCES } from '@fleetlog/pipeline-config';
import type { LocalPipeline } from '../cloud/local-pipeline';
import type { Progress } from '../cli/progress';
import { FleetEventBuilder, type FleetEvent } from '../fleet/fleet-events';
import { SimulatedFleet } from '../fleet/simulated-fleet';
import { createLifecycleHandler, type LifecycleHandler } from './lifecycle';
import type { DemoScenario } from './scenario';

/**
 * Drives the simulated fleet through the real lifecycle-sync handler, one EventBridge event at a
 * time: a launch waits for the handler to complete its hook, a scale-in runs the terminate action
 * and then the termination, a reconcile is the scheduled rule's event. So the map in S3 follows
 * the fleet. Simulated time is `now`; the demo moves it.
 */
export class LifecycleDriver {
  readonly fleet: SimulatedFleet;
  /** Simulated time: the handler's grace periods run on it. */
  now: number;
  /** Simulated time of the last lifecycle-sync invocation. */
  lastLifecycleMs: number;
  /** Invocations that did not end ok (there should be none). */
  failures = 0;
  /** Every caller host whose launch hook ran, with its application. */
  readonly callerHosts = new Map<string, string>();
  private readonly events: FleetEventBuilder;
  private readonly handler: LifecycleHandler;

  constructor(
    private readonly scenario: DemoScenario,
    pipeline: Pick<LocalPipeline, 's3' | 'cloudWatch'>,
    private readonly progress: Progress,
    logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined,
  ) {
    this.fleet = new SimulatedFleet(scenario.groups);
    this.events = new FleetEventBuilder(this.fleet);
    this.now = scenario.startMs;
    this.lastLifecycleMs = this.now;
    this.handler = createLifecycleHandler({
      groups: this.fleet.groups,
      autoScaling: this.fleet.aws.autoScaling,
      ec2: this.fleet.aws.ec2,
      s3: pipeline.s3,
      cloudWatch: pipeline.cloudWatch,
      bucket: LOCAL_RESOURCES.referenceBucket,
      now: () => this.now,
      logLevel,
    });
  }

  /** One instance more in `group`, in service once the handler completed its launch hook. */
  async launch(group: string): Promise<void> {
    const { instance, action } = this.fleet.launch(group, this.now);
    await this.run(this.events.lifecycleAction(action, this.now));
    if (this.fleet.instance(instance.instanceId).state !== 'InService') {
      throw new Error(`lifecycle-sync did not complete the launch hook of ${instance.instanceId}`);
    }
    const spec = this.scenario.groups.find((g) => g.name === group);
    this.callerHosts.set(SimulatedFleet.hostOf(instance), spec?.applicationName ?? '?');
  }

  /** The newest instance of `group` terminated: its terminate hook, then its termination. */
  async scaleIn(group: string): Promise<void> {
    const victim = this.fleet.inService(group).at(-1);
    if (!victim) throw new Error(`scale-in of ${group}: no instance in service`);
    const { action } = this.fleet.terminate(victim.instanceId, this.now);
    await this.run(this.events.lifecycleAction(action, this.now));
    const gone = this.fleet.terminateSuccessful(victim.instanceId, this.now);
    await this.run(this.events.terminateSuccessful(gone, this.now));
  }

  /** The scheduled reconcile at `atMs`. */
  async reconcile(atMs: number): Promise<void> {
    await this.run(this.events.scheduled(atMs));
  }

  private async run(event: FleetEvent): Promise<void> {
    this.lastLifecycleMs = this.now;
    const result = await this.handler(event);
    if (!result.ok) {
      this.failures++;
      this.progress.note(
        `lifecycle-sync failed on ${event['detail-type']}: ${result.error ?? result.reason ?? 'unknown error'}`,
      );
    }
  }
}
