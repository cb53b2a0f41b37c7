/** The simulated fleet's account and region: its ARNs and events name them. */
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const LAUNCHING = 'autoscaling:EC2_INSTANCE_LAUNCHING';
export const TERMINATING = 'autoscaling:EC2_INSTANCE_TERMINATING';

/** How a group opts in to fleetlog (ARCHITECTURE section 5). */
export type OptIn = 'hook-metadata' | 'tags';

export interface GroupSpec {
  name: string;
  applicationName: string;
  contact: string;
  optIn: OptIn;
  /** Third octet of the group's private addresses, so each group has its own /24. */
  subnet: number;
  /** Give instances an IPv6 address too (their logs then use it). */
  ipv6?: boolean;
}

export type InstanceState =
  'Pending:Wait' | 'InService' | 'Terminating:Wait' | 'Terminating:Proceed' | 'Terminated';

export interface SimInstance {
  instanceId: string;
  group: string;
  privateIp: string;
  ipv6?: string;
  state: InstanceState;
  launchedAtMs: number;
  terminatedAtMs?: number;
}

/** A scale event for the dashboard and the summary. */
export interface ScaleEvent {
  atMs: number;
  group: string;
  applicationName: string;
  action: 'launch' | 'terminate';
  instanceId: string;
  host: string;
}

/** A lifecycle action Auto Scaling holds open until someone completes it. */
export interface LifecycleAction {
  token: string;
  instanceId: string;
  group: string;
  transition: string;
}

/** What CompleteLifecycleAction names: the token, or the instance and its group. */
export interface ActionCompletion {
  token?: string;
  instanceId?: string;
  group?: string;
  /** ABANDON on a launch ends the instance; anything else lets it go on. */
  result?: string;
}

/**
 * A fleet of Auto Scaling groups kept in memory: its groups and their lifecycle hooks, every
 * instance with its lifecycle state, the lifecycle actions still open and the scale events. It
 * answers no API and builds no event: `SimulatedFleetApi` (fleet-api.ts) and `FleetEventBuilder`
 * (fleet-events.ts) do, each over this model. A lifecycle action stays open until completed,
 * exactly as the real service waits for CompleteLifecycleAction.
 */
export class SimulatedFleet {
  readonly groups: GroupSpec[];
  readonly scaleEvents: ScaleEvent[] = [];
  private readonly instances = new Map<string, SimInstance>();
  private readonly pending = new Map<string, LifecycleAction>();
  private nextInstance = 1;

  constructor(groups: GroupSpec[]) {
    this.groups = groups;
  }

  /** Instances in the group that serve traffic (their launch hook completed). */
  inService(group?: string): SimInstance[] {
    return [...this.instances.values()].filter(
      (i) => i.state === 'InService' && (group === undefined || i.group === group),
    );
  }

  /** Every instance that ever existed, in launch order. */
  allInstances(): SimInstance[] {
    return [...this.instances.values()];
  }

  /** Lifecycle actions not completed yet. */
  openActions(): LifecycleAction[] {
    return [...this.pending.values()];
  }

  /** The address an instance's requests come from. */
  static hostOf(instance: SimInstance): string {
    return instance.ipv6 ?? instance.privateIp;
  }

  /** Starts an instance in Pending:Wait with its launch action open. */
  launch(groupName: string, atMs: number): { instance: SimInstance; action: LifecycleAction } {
    const group = this.group(groupName);
    const n = this.nextInstance++;
    const instance: SimInstance = {
      instanceId: `i-${n.toString(16).padStart(17, '0')}`,
      group: groupName,
      privateIp: `10.0.${group.subnet}.${10 + (n % 240)}`,
      ipv6: group.ipv6 ? `2001:db8:${group.subnet.toString(16)}::${n.toString(16)}` : undefined,
      state: 'Pending:Wait',
      launchedAtMs: atMs,
    };
    this.instances.set(instance.instanceId, instance);
    const action = this.openAction(instance, LAUNCHING);
    this.scaleEvents.push({
      atMs,
      group: groupName,
      applicationName: group.applicationName,
      action: 'launch',
      instanceId: instance.instanceId,
      host: SimulatedFleet.hostOf(instance),
    });
    return { instance, action };
  }

  /** Moves an instance to Terminating:Wait with its terminate action open. */
  terminate(instanceId: string, atMs: number): { instance: SimInstance; action: LifecycleAction } {
    const instance = this.instance(instanceId);
    if (instance.state !== 'InService') {
      throw new Error(`cannot terminate ${instanceId} in state ${instance.state}`);
    }
    instance.state = 'Terminating:Wait';
    const group = this.group(instance.group);
    this.scaleEvents.push({
      atMs,
      group: instance.group,
      applicationName: group.applicationName,
      action: 'terminate',
      instanceId,
      host: SimulatedFleet.hostOf(instance),
    });
    return { instance, action: this.openAction(instance, TERMINATING) };
  }

  /** After the terminate hook completed: the instance is gone. */
  terminateSuccessful(instanceId: string, atMs: number): SimInstance {
    const instance = this.instance(instanceId);
    instance.state = 'Terminated';
    instance.terminatedAtMs = atMs;
    return instance;
  }

  /**
   * Completes an open lifecycle action (by token, else by instance and group) and moves its
   * instance on; false when no such action is open.
   */
  completeAction(completion: ActionCompletion): boolean {
    const action =
      (completion.token && this.pending.get(completion.token)) ||
      [...this.pending.values()].find(
        (p) => p.instanceId === completion.instanceId && p.group === completion.group,
      );
    if (!action) return false;
    this.pending.delete(action.token);
    const instance = this.instance(action.instanceId);
    // A completed terminate hook lets the instance shut down; terminateSuccessful() ends it.
    if (action.transition === LAUNCHING) {
      instance.state = completion.result === 'ABANDON' ? 'Terminated' : 'InService';
    } else {
      instance.state = 'Terminating:Proceed';
    }
    return true;
  }

  /** The group; an unknown name is the error Auto Scaling gives. */
  group(name: string): GroupSpec {
    const group = this.groups.find((g) => g.name === name);
    if (!group) {
      const error = new Error(`AutoScalingGroup name not found - ${name}`);
      error.name = 'ValidationError';
      throw error;
    }
    return group;
  }

  instance(instanceId: string): SimInstance {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new Error(`unknown instance ${instanceId}`);
    return instance;
  }

  private openAction(instance: SimInstance, transition: string): LifecycleAction {
    const token = `token-${instance.instanceId}-${transition === LAUNCHING ? 'launch' : 'terminate'}`;
    const action = { token, instanceId: instance.instanceId, group: instance.group, transition };
    this.pending.set(token, action);
    return action;
  }
}

/** The names fleetlog's own hooks have in AWS: lifecycle-sync completes only `fleetlog-*` hooks. */
export function hookName(transition: string): string {
  return `fleetlog-${transition === LAUNCHING ? 'launch' : 'terminate'}`;
}

/** What a group's hooks carry: the application and contact when the group opts in that way. */
export function hookMetadata(group: GroupSpec): string | undefined {
  return group.optIn === 'hook-metadata'
    ? JSON.stringify({ applicationName: group.applicationName, contact: group.contact })
    : undefined;
}

export function groupArn(name: string): string {
  return `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${name}`;
}
