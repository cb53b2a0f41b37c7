import type {
  CompleteLifecycleActionCommandInput,
  LifecycleState,
} from '@aws-sdk/client-auto-scaling';

/** The lifecycle transitions of Auto Scaling's hooks and lifecycle actions. */
export const LIFECYCLE_TRANSITIONS = {
  launching: 'autoscaling:EC2_INSTANCE_LAUNCHING',
  terminating: 'autoscaling:EC2_INSTANCE_TERMINATING',
} as const;

/** The services' page limits the fake enforces (ValidationError / InvalidParameterValue beyond). */
export const FAKE_FLEET_LIMITS = {
  /** DescribeAutoScalingGroups MaxRecords: at most 100, 50 when not given. */
  maxRecords: 100,
  defaultMaxRecords: 50,
  groupNames: 100,
  /** DescribeInstances MaxResults: 5 to 1,000. */
  minResults: 5,
  maxResults: 1000,
  /** Values in one EC2 filter. */
  filterValues: 200,
} as const;

/** An instance of a fake group, as Auto Scaling and EC2 both describe it. */
export interface FakeInstance {
  id: string;
  /**
   * Auto Scaling's LifecycleState: `Pending:Wait`, `InService`, `Terminating:Wait`,
   * `Terminating:Proceed`, `Terminated`... A `Terminated` instance has left its group; EC2 still
   * describes it (state `terminated`, no addresses).
   */
  lifecycleState: LifecycleState;
  privateIp?: string;
  publicIp?: string;
  /** The primary IPv6 address. */
  ipv6?: string;
  /** False: DescribeInstances by the group tag misses it (the tag is not visible yet after launch). */
  tagged?: boolean;
  /** False: EC2 does not know it (yet, or any more). */
  inEc2?: boolean;
  /** EC2's LaunchTime, ms since the epoch. */
  launchedAtMs?: number;
}

/** A lifecycle hook of a fake group. */
export interface FakeHook {
  name: string;
  /** NotificationMetadata, as the group's owner wrote it. */
  metadata?: string;
  /** LifecycleTransition (see LIFECYCLE_TRANSITIONS). */
  transition?: string;
}

/** A fake Auto Scaling group; edit its fields freely between requests. */
export interface FakeGroup {
  name: string;
  tags: Record<string, string>;
  hooks: FakeHook[];
  instances: FakeInstance[];
}

/** A lifecycle action waiting for CompleteLifecycleAction. */
export interface PendingAction {
  token: string;
  instanceId?: string;
  groupName?: string;
  transition?: string;
}

/** Open lifecycle actions by token; `add(token)` opens one (details are optional). */
export class PendingActions extends Map<string, PendingAction> {
  add(token: string, details: Omit<PendingAction, 'token'> = {}): this {
    return this.set(token, { token, ...details });
  }

  /** The open action of an instance in a group (CompleteLifecycleAction without a token). */
  forInstance(instanceId: string, groupName: string | undefined): PendingAction | undefined {
    return [...this.values()].find(
      (a) => a.instanceId === instanceId && (groupName === undefined || a.groupName === groupName),
    );
  }
}

/**
 * The fleet state the Auto Scaling and EC2 emulations answer from and act on (`FakeFleet` is
 * one). Not exported by the barrel: it is how the fake's files share its state.
 */
export interface FleetState {
  readonly groups: Map<string, FakeGroup>;
  readonly pendingActions: PendingActions;
  /** Every successful CompleteLifecycleAction, in order. */
  readonly completed: CompleteLifecycleActionCommandInput[];
  /** When set, DescribeInstances finds nothing at all (an eventually consistent EC2). */
  readonly describeInstancesReturnsNothing: boolean;
  /** The instance of that id in any group, if there is one. */
  findInstance(instanceId: string): FakeInstance | undefined;
}
