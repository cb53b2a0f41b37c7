import { DEFAULT_TAG_KEYS } from '@fleetlog/pipeline-config';
import {
  awsError,
  FakeFleet,
  LIFECYCLE_TRANSITIONS,
  type FakeHook,
  type FakeInstance,
} from '@fleetlog/testing';

/** The simulated fleet's account and region: its ARNs and events name them. */
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const LAUNCHING = LIFECYCLE_TRANSITIONS.launching;
export const TERMINATING = LIFECYCLE_TRANSITIONS.terminating;

/** How a group opts in to fleetlog (ARCHITECTURE.md section 5). */
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

const INSTANCE_STATES: readonly InstanceState[] = [
  'Pending:Wait',
  'InService',
  'Terminating:Wait',
  'Terminating:Proceed',
  'Terminated',
];

function isInstanceState(state: string): state is InstanceState {
  return (INSTANCE_STATES as readonly string[]).includes(state);
}

/** An instance as the model reports it: a copy, taken when asked for. */
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

/** What the model keeps of an instance besides what Auto Scaling and EC2 know of it. */
interface InstanceRecord {
  /** The instance in `aws`: its lifecycle state moves there (CompleteLifecycleAction). */
  aws: FakeInstance;
  group: string;
  privateIp: string;
  ipv6?: string;
  launchedAtMs: number;
  terminatedAtMs?: number;
}

/**
 * A fleet of Auto Scaling groups: its groups, every instance in launch order and the scale
 * events. What Auto Scaling and EC2 know of it lives in `aws`, a `FakeFleet` (@fleetlog/testing)
 * whose `autoScaling` and `ec2` clients answer lifecycle-sync: each group with its tags and
 * hooks, each instance with its addresses and lifecycle state, the lifecycle actions still open.
 * A launch or a scale-in opens an action there, which stays open until CompleteLifecycleAction,
 * exactly as the real service waits for it. `FleetEventBuilder` (fleet-events.ts) builds the
 * events of the model's changes.
 */
export class SimulatedFleet {
  readonly groups: GroupSpec[];
  readonly scaleEvents: ScaleEvent[] = [];
  /** Auto Scaling and EC2 over this fleet; hand `aws.autoScaling` and `aws.ec2` to the handler. */
  readonly aws = new FakeFleet();
  private readonly instances = new Map<string, InstanceRecord>();
  private nextInstance = 1;

  constructor(groups: GroupSpec[]) {
    this.groups = groups;
    for (const group of groups) {
      this.aws.addGroup(group.name, { tags: groupTags(group), hooks: groupHooks(group) });
    }
  }

  /** Instances in the group that serve traffic (their launch hook completed). */
  inService(group?: string): SimInstance[] {
    return this.allInstances().filter(
      (i) => i.state === 'InService' && (group === undefined || i.group === group),
    );
  }

  /** Every instance that ever existed, in launch order. */
  allInstances(): SimInstance[] {
    return [...this.instances.values()].map(snapshot);
  }

  /** The address an instance's requests come from. */
  static hostOf(instance: SimInstance): string {
    return instance.ipv6 ?? instance.privateIp;
  }

  /** Starts an instance in Pending:Wait with its launch action open. */
  launch(groupName: string, atMs: number): { instance: SimInstance; action: LifecycleAction } {
    const group = this.group(groupName);
    const n = this.nextInstance++;
    const instanceId = `i-${n.toString(16).padStart(17, '0')}`;
    const privateIp = `10.0.${group.subnet}.${10 + (n % 240)}`;
    const ipv6 = group.ipv6
      ? `2001:db8:${group.subnet.toString(16)}::${n.toString(16)}`
      : undefined;
    const action = openAction(instanceId, groupName, LAUNCHING);
    const aws = this.aws.launch(
      groupName,
      { id: instanceId, privateIp, ipv6, launchedAtMs: atMs },
      action.token,
    );
    const record: InstanceRecord = { aws, group: groupName, privateIp, ipv6, launchedAtMs: atMs };
    this.instances.set(instanceId, record);
    const instance = snapshot(record);
    this.scaleEvents.push({
      atMs,
      group: groupName,
      applicationName: group.applicationName,
      action: 'launch',
      instanceId,
      host: SimulatedFleet.hostOf(instance),
    });
    return { instance, action };
  }

  /** Moves an instance to Terminating:Wait with its terminate action open. */
  terminate(instanceId: string, atMs: number): { instance: SimInstance; action: LifecycleAction } {
    const record = this.record(instanceId);
    const state = record.aws.lifecycleState;
    if (state !== 'InService') {
      throw new Error(`cannot terminate ${instanceId} in state ${state}`);
    }
    const action = openAction(instanceId, record.group, TERMINATING);
    this.aws.beginTermination(instanceId, action.token);
    const instance = snapshot(record);
    this.scaleEvents.push({
      atMs,
      group: record.group,
      applicationName: this.group(record.group).applicationName,
      action: 'terminate',
      instanceId,
      host: SimulatedFleet.hostOf(instance),
    });
    return { instance, action };
  }

  /** After the terminate hook completed: the instance is gone. */
  terminateSuccessful(instanceId: string, atMs: number): SimInstance {
    const record = this.record(instanceId);
    this.aws.terminate(instanceId);
    record.terminatedAtMs = atMs;
    return snapshot(record);
  }

  /** The group; an unknown name is the error Auto Scaling gives. */
  group(name: string): GroupSpec {
    const group = this.groups.find((g) => g.name === name);
    if (!group) {
      throw awsError('ValidationError', { message: `AutoScalingGroup name not found - ${name}` });
    }
    return group;
  }

  /** The instance as it is now. */
  instance(instanceId: string): SimInstance {
    return snapshot(this.record(instanceId));
  }

  private record(instanceId: string): InstanceRecord {
    const record = this.instances.get(instanceId);
    if (!record) throw new Error(`unknown instance ${instanceId}`);
    return record;
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

/** The group's tags: the application and contact when it opts in through tags, and its Name. */
function groupTags(group: GroupSpec): Record<string, string> {
  const optIn: Record<string, string> =
    group.optIn === 'tags'
      ? {
          [DEFAULT_TAG_KEYS.application]: group.applicationName,
          [DEFAULT_TAG_KEYS.contact]: group.contact,
        }
      : {};
  return { ...optIn, Name: group.name };
}

/** The group's two fleetlog hooks. */
function groupHooks(group: GroupSpec): FakeHook[] {
  const metadata = hookMetadata(group);
  return [LAUNCHING, TERMINATING].map((transition) => ({
    name: hookName(transition),
    transition,
    metadata,
  }));
}

function openAction(instanceId: string, group: string, transition: string): LifecycleAction {
  const token = `token-${instanceId}-${transition === LAUNCHING ? 'launch' : 'terminate'}`;
  return { token, instanceId, group, transition };
}

function snapshot(record: InstanceRecord): SimInstance {
  const state = record.aws.lifecycleState;
  if (!isInstanceState(state)) {
    throw new Error(`instance ${record.aws.id} is in state ${state}, unknown to the simulation`);
  }
  return {
    instanceId: record.aws.id,
    group: record.group,
    privateIp: record.privateIp,
    ipv6: record.ipv6,
    state,
    launchedAtMs: record.launchedAtMs,
    ...(record.terminatedAtMs === undefined ? {} : { terminatedAtMs: record.terminatedAtMs }),
  };
}
