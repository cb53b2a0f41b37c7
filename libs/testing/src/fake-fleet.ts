import type {
  CompleteLifecycleActionCommandInput,
  LifecycleState,
} from '@aws-sdk/client-auto-scaling';
import { FakeAwsClient } from './fake-aws-client';
import { answerAutoScaling } from './fake-fleet-auto-scaling';
import { answerEc2 } from './fake-fleet-ec2';
import {
  LIFECYCLE_TRANSITIONS,
  PendingActions,
  type FakeGroup,
  type FakeInstance,
  type FleetState,
} from './fake-fleet-model';
import { waitLatency, type Latency } from './ticks';

/** How a `FakeFleet` answers. */
export interface FakeFleetOptions {
  /** Event-loop turns before each answer; 0 (none) when absent. */
  latency?: Latency;
}

type InstanceInput = Omit<FakeInstance, 'id' | 'lifecycleState'> & {
  /** Generated (`i-00000000000000001`, ...) when absent. */
  id?: string;
};

/**
 * Auto Scaling and EC2 over one in-memory fleet: DescribeAutoScalingGroups (names, `tag-key`,
 * `tag-value` and `tag:<key>` filters, pages of MaxRecords), DescribeLifecycleHooks,
 * CompleteLifecycleAction (by token, or by instance id without one) and DescribeInstances
 * (InstanceIds, `tag:aws:autoscaling:groupName`, `instance-id` and `instance-state-name` filters,
 * pages of MaxResults), with the services' limits and errors. `autoScaling` and `ec2` are
 * `send(command)` clients that count every call; `calls` logs both in order.
 */
export class FakeFleet implements FleetState {
  readonly groups = new Map<string, FakeGroup>();
  readonly pendingActions = new PendingActions();
  /** Every successful CompleteLifecycleAction, in order. */
  readonly completed: CompleteLifecycleActionCommandInput[] = [];
  /** Operation names of every command either client received, in order. */
  readonly calls: string[] = [];
  /** The Auto Scaling client stand-in. */
  readonly autoScaling: FakeAwsClient;
  /** The EC2 client stand-in. */
  readonly ec2: FakeAwsClient;
  /** When set, DescribeInstances finds nothing at all (an eventually consistent EC2). */
  describeInstancesReturnsNothing = false;
  private nextInstance = 1;

  constructor(options: FakeFleetOptions = {}) {
    const onCall = (operation: string) => void this.calls.push(operation);
    this.autoScaling = new FakeAwsClient(
      async (command) => {
        await waitLatency(options.latency);
        return answerAutoScaling(this, command);
      },
      { onCall },
    );
    this.ec2 = new FakeAwsClient(
      async (command) => {
        await waitLatency(options.latency);
        return answerEc2(this, command);
      },
      { onCall },
    );
  }

  addGroup(name: string, options: Partial<Omit<FakeGroup, 'name'>> = {}): FakeGroup {
    const group: FakeGroup = { name, tags: {}, hooks: [], instances: [], ...options };
    this.groups.set(name, group);
    return group;
  }

  /** The group; throws if there is none of that name. */
  group(name: string): FakeGroup {
    const group = this.groups.get(name);
    if (!group) throw new Error(`FakeFleet: no group ${name}`);
    return group;
  }

  /** Adds an instance to a group (InService unless a state is given) and returns it. */
  addInstance(
    groupName: string,
    instance: InstanceInput & { lifecycleState?: LifecycleState } = {},
  ): FakeInstance {
    const added: FakeInstance = {
      ...instance,
      id: instance.id ?? this.newInstanceId(),
      lifecycleState: instance.lifecycleState ?? 'InService',
    };
    this.group(groupName).instances.push(added);
    return added;
  }

  /** An instance at Pending:Wait whose launch action `token` waits for completion. */
  launch(groupName: string, instance: InstanceInput, token: string): FakeInstance {
    const launched = this.addInstance(groupName, { ...instance, lifecycleState: 'Pending:Wait' });
    this.pendingActions.add(token, {
      instanceId: launched.id,
      groupName,
      transition: LIFECYCLE_TRANSITIONS.launching,
    });
    return launched;
  }

  /** Moves an instance to Terminating:Wait; its terminate action `token` waits for completion. */
  beginTermination(instanceId: string, token: string): FakeInstance {
    const { instance, group } = this.locate(instanceId);
    instance.lifecycleState = 'Terminating:Wait';
    this.pendingActions.add(token, {
      instanceId,
      groupName: group.name,
      transition: LIFECYCLE_TRANSITIONS.terminating,
    });
    return instance;
  }

  /** The instance is gone: out of its group, `terminated` in EC2 (without addresses). */
  terminate(instanceId: string): void {
    this.locate(instanceId).instance.lifecycleState = 'Terminated';
  }

  /** The instance of that id in any group, if there is one. */
  findInstance(instanceId: string): FakeInstance | undefined {
    for (const group of this.groups.values()) {
      const instance = group.instances.find((i) => i.id === instanceId);
      if (instance) return instance;
    }
    return undefined;
  }

  /** Forgets the calls counted so far (fleet and both clients). */
  resetCalls(): void {
    this.calls.length = 0;
    this.autoScaling.resetCalls();
    this.ec2.resetCalls();
  }

  private newInstanceId(): string {
    return `i-${(this.nextInstance++).toString(16).padStart(17, '0')}`;
  }

  private locate(instanceId: string): { instance: FakeInstance; group: FakeGroup } {
    for (const group of this.groups.values()) {
      const instance = group.instances.find((i) => i.id === instanceId);
      if (instance) return { instance, group };
    }
    throw new Error(`FakeFleet: no instance ${instanceId}`);
  }
}
