import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  type AutoScalingGroup,
  type CompleteLifecycleActionCommandInput,
  type CompleteLifecycleActionCommandOutput,
  type DescribeAutoScalingGroupsCommandOutput,
  type DescribeLifecycleHooksCommandOutput,
  type LifecycleHook,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  type Instance,
} from '@aws-sdk/client-ec2';
import { DEFAULT_TAG_KEYS } from '@fleetlog/pipeline-config';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const LAUNCHING = 'autoscaling:EC2_INSTANCE_LAUNCHING';
const TERMINATING = 'autoscaling:EC2_INSTANCE_TERMINATING';

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

/** The EventBridge event Auto Scaling would send; `detail` follows the AWS event reference. */
export interface FleetEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
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

interface PendingAction {
  token: string;
  instanceId: string;
  group: string;
  transition: string;
}

type Command = { input: unknown };

type AutoScalingOutput =
  | DescribeAutoScalingGroupsCommandOutput
  | DescribeLifecycleHooksCommandOutput
  | CompleteLifecycleActionCommandOutput;

/**
 * A fleet of Auto Scaling groups kept in memory. It answers the Auto Scaling and EC2 commands
 * lifecycle-sync sends, behind the same `send(command)` shape the SDK clients have, and it makes
 * the EventBridge events a scale-out or scale-in produces. A lifecycle action stays open until
 * the handler completes it, exactly as the real service waits for CompleteLifecycleAction.
 */
export class SimulatedFleet {
  readonly groups: GroupSpec[];
  readonly scaleEvents: ScaleEvent[] = [];
  /** Every command received, by name: tests assert on what the handler asked. */
  readonly calls: string[] = [];
  private readonly instances = new Map<string, SimInstance>();
  private readonly pending = new Map<string, PendingAction>();
  private readonly completed: CompleteLifecycleActionCommandInput[] = [];
  private nextInstance = 1;
  private nextEvent = 1;

  constructor(groups: GroupSpec[]) {
    this.groups = groups;
  }

  /** The Auto Scaling client stand-in. */
  readonly autoScaling = {
    send: async (command: Command): Promise<AutoScalingOutput> => this.autoScalingSend(command),
  };

  /** The EC2 client stand-in. */
  readonly ec2 = {
    send: async (command: Command): Promise<DescribeInstancesCommandOutput> =>
      this.ec2Send(command),
  };

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

  /** Lifecycle actions the handler has not completed yet. */
  openActions(): PendingAction[] {
    return [...this.pending.values()];
  }

  completions(): CompleteLifecycleActionCommandInput[] {
    return [...this.completed];
  }

  /** The address an instance's requests come from. */
  static hostOf(instance: SimInstance): string {
    return instance.ipv6 ?? instance.privateIp;
  }

  /** Starts an instance in Pending:Wait and returns the launch lifecycle event. */
  launch(groupName: string, atMs: number): { instance: SimInstance; event: FleetEvent } {
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
    const event = this.lifecycleEvent(
      'EC2 Instance-launch Lifecycle Action',
      instance,
      LAUNCHING,
      atMs,
    );
    this.scaleEvents.push({
      atMs,
      group: groupName,
      applicationName: group.applicationName,
      action: 'launch',
      instanceId: instance.instanceId,
      host: SimulatedFleet.hostOf(instance),
    });
    return { instance, event };
  }

  /** Moves an instance to Terminating:Wait and returns the terminate lifecycle event. */
  terminate(instanceId: string, atMs: number): FleetEvent {
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
    return this.lifecycleEvent(
      'EC2 Instance-terminate Lifecycle Action',
      instance,
      TERMINATING,
      atMs,
    );
  }

  /** After the terminate hook completed: the instance is gone and Auto Scaling says so. */
  terminateSuccessful(instanceId: string, atMs: number): FleetEvent {
    const instance = this.instance(instanceId);
    instance.state = 'Terminated';
    instance.terminatedAtMs = atMs;
    return this.envelope('EC2 Instance Terminate Successful', atMs, instance.group, {
      StatusCode: 'InProgress',
      AutoScalingGroupName: instance.group,
      ActivityId: `activity-${this.nextEvent}`,
      RequestId: `request-${this.nextEvent}`,
      EC2InstanceId: instanceId,
      StartTime: new Date(atMs).toISOString(),
      EndTime: new Date(atMs).toISOString(),
      Cause: 'A user request updated the desired capacity of the group (simulated scale-in).',
      Details: { 'Availability Zone': `${REGION}a` },
    });
  }

  /** The scheduled reconcile rule's event. */
  scheduledEvent(atMs: number): FleetEvent {
    return {
      version: '0',
      id: `event-${this.nextEvent++}`,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: new Date(atMs).toISOString(),
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/fleetlog-reconcile`],
      detail: {},
    };
  }

  private lifecycleEvent(
    detailType: string,
    instance: SimInstance,
    transition: string,
    atMs: number,
  ): FleetEvent {
    const group = this.group(instance.group);
    const token = `token-${instance.instanceId}-${transition === LAUNCHING ? 'launch' : 'terminate'}`;
    this.pending.set(token, {
      token,
      instanceId: instance.instanceId,
      group: group.name,
      transition,
    });
    const detail: Record<string, unknown> = {
      LifecycleActionToken: token,
      AutoScalingGroupName: group.name,
      LifecycleHookName: hookName(group.name, transition),
      EC2InstanceId: instance.instanceId,
      LifecycleTransition: transition,
      Origin: transition === LAUNCHING ? 'EC2' : 'AutoScalingGroup',
      Destination: transition === LAUNCHING ? 'AutoScalingGroup' : 'EC2',
    };
    const metadata = this.hooks(group).find(
      (h) => h.LifecycleTransition === transition,
    )?.NotificationMetadata;
    if (metadata !== undefined) detail['NotificationMetadata'] = metadata;
    return this.envelope(detailType, atMs, group.name, detail);
  }

  private envelope(
    detailType: string,
    atMs: number,
    groupName: string,
    detail: Record<string, unknown>,
  ): FleetEvent {
    return {
      version: '0',
      id: `event-${this.nextEvent++}`,
      'detail-type': detailType,
      source: 'aws.autoscaling',
      account: ACCOUNT,
      time: new Date(atMs).toISOString(),
      region: REGION,
      resources: [groupArn(groupName)],
      detail,
    };
  }

  private autoScalingSend(command: Command): AutoScalingOutput {
    if (command instanceof DescribeAutoScalingGroupsCommand) {
      this.calls.push('DescribeAutoScalingGroups');
      const names = command.input.AutoScalingGroupNames;
      const groups = this.groups.filter(
        (g) => !names || names.length === 0 || names.includes(g.name),
      );
      const filtered = groups.filter((g) =>
        matchesGroupFilters(this.describeGroup(g), command.input.Filters),
      );
      return { AutoScalingGroups: filtered.map((g) => this.describeGroup(g)), $metadata: {} };
    }
    if (command instanceof DescribeLifecycleHooksCommand) {
      this.calls.push('DescribeLifecycleHooks');
      const group = this.group(command.input.AutoScalingGroupName ?? '');
      const wanted = command.input.LifecycleHookNames;
      const hooks = this.hooks(group).filter(
        (h) => !wanted || wanted.length === 0 || wanted.includes(h.LifecycleHookName ?? ''),
      );
      return { LifecycleHooks: hooks, $metadata: {} };
    }
    if (command instanceof CompleteLifecycleActionCommand) {
      this.calls.push('CompleteLifecycleAction');
      this.complete(command.input);
      return { $metadata: {} };
    }
    throw unsupported('Auto Scaling', command);
  }

  private ec2Send(command: Command): DescribeInstancesCommandOutput {
    if (command instanceof DescribeInstancesCommand) {
      this.calls.push('DescribeInstances');
      const ids = command.input.InstanceIds;
      let instances = [...this.instances.values()].filter(
        (i) => !ids || ids.length === 0 || ids.includes(i.instanceId),
      );
      for (const filter of command.input.Filters ?? []) {
        instances = instances.filter((i) =>
          matchesInstanceFilter(i, filter.Name ?? '', filter.Values ?? []),
        );
      }
      return {
        Reservations:
          instances.length === 0
            ? []
            : [{ ReservationId: 'r-simulated', Instances: instances.map(describeInstance) }],
        $metadata: {},
      };
    }
    throw unsupported('EC2', command);
  }

  private complete(input: CompleteLifecycleActionCommandInput): void {
    const action =
      (input.LifecycleActionToken && this.pending.get(input.LifecycleActionToken)) ||
      [...this.pending.values()].find(
        (p) => p.instanceId === input.InstanceId && p.group === input.AutoScalingGroupName,
      );
    if (!action) {
      // The real API answers ValidationError for an unknown or already completed action.
      const error = new Error('No active Lifecycle Action found with token or instance id');
      error.name = 'ValidationError';
      throw error;
    }
    this.pending.delete(action.token);
    this.completed.push(input);
    const instance = this.instance(action.instanceId);
    // A completed terminate hook lets the instance shut down; terminateSuccessful() ends it.
    if (action.transition === LAUNCHING) {
      instance.state = input.LifecycleActionResult === 'ABANDON' ? 'Terminated' : 'InService';
    } else {
      instance.state = 'Terminating:Proceed';
    }
  }

  private describeGroup(group: GroupSpec): AutoScalingGroup {
    const members = [...this.instances.values()].filter(
      (i) => i.group === group.name && i.state !== 'Terminated',
    );
    const tags =
      group.optIn === 'tags'
        ? [
            { Key: DEFAULT_TAG_KEYS.application, Value: group.applicationName },
            { Key: DEFAULT_TAG_KEYS.contact, Value: group.contact },
          ]
        : [];
    return {
      AutoScalingGroupName: group.name,
      AutoScalingGroupARN: groupArn(group.name),
      MinSize: 1,
      MaxSize: 10,
      DesiredCapacity: members.length,
      DefaultCooldown: 300,
      AvailabilityZones: [`${REGION}a`],
      HealthCheckType: 'EC2',
      CreatedTime: new Date(0),
      Instances: members.map((i) => ({
        InstanceId: i.instanceId,
        InstanceType: 't4g.small',
        AvailabilityZone: `${REGION}a`,
        LifecycleState: i.state,
        HealthStatus: 'Healthy',
        ProtectedFromScaleIn: false,
      })),
      Tags: [...tags, { Key: 'Name', Value: group.name }].map((t) => ({
        ...t,
        ResourceId: group.name,
        ResourceType: 'auto-scaling-group',
        PropagateAtLaunch: true,
      })),
    };
  }

  private hooks(group: GroupSpec): LifecycleHook[] {
    const metadata =
      group.optIn === 'hook-metadata'
        ? JSON.stringify({ applicationName: group.applicationName, contact: group.contact })
        : undefined;
    return [LAUNCHING, TERMINATING].map((transition) => ({
      LifecycleHookName: hookName(group.name, transition),
      AutoScalingGroupName: group.name,
      LifecycleTransition: transition,
      NotificationMetadata: metadata,
      HeartbeatTimeout: 300,
      GlobalTimeout: 30000,
      DefaultResult: 'CONTINUE',
    }));
  }

  private group(name: string): GroupSpec {
    const group = this.groups.find((g) => g.name === name);
    if (!group) {
      const error = new Error(`AutoScalingGroup name not found - ${name}`);
      error.name = 'ValidationError';
      throw error;
    }
    return group;
  }

  private instance(instanceId: string): SimInstance {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new Error(`unknown instance ${instanceId}`);
    return instance;
  }
}

/** The names fleetlog's own hooks have in AWS: lifecycle-sync completes only `fleetlog-*` hooks. */
function hookName(_group: string, transition: string): string {
  return `fleetlog-${transition === LAUNCHING ? 'launch' : 'terminate'}`;
}

function groupArn(name: string): string {
  return `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${name}`;
}

function describeInstance(i: SimInstance): Instance {
  const running = i.state !== 'Terminated';
  return {
    InstanceId: i.instanceId,
    InstanceType: 't4g.small',
    State: running ? { Code: 16, Name: 'running' } : { Code: 48, Name: 'terminated' },
    // A terminated instance has lost its network interfaces, as on EC2.
    PrivateIpAddress: running ? i.privateIp : undefined,
    Ipv6Address: running ? i.ipv6 : undefined,
    NetworkInterfaces: running
      ? [
          {
            NetworkInterfaceId: `eni-${i.instanceId.slice(2)}`,
            PrivateIpAddress: i.privateIp,
            PrivateIpAddresses: [{ PrivateIpAddress: i.privateIp, Primary: true }],
            Ipv6Addresses: i.ipv6 ? [{ Ipv6Address: i.ipv6, IsPrimaryIpv6: true }] : [],
          },
        ]
      : [],
    Tags: [{ Key: 'aws:autoscaling:groupName', Value: i.group }],
    LaunchTime: new Date(i.launchedAtMs),
  };
}

function matchesInstanceFilter(i: SimInstance, name: string, values: string[]): boolean {
  switch (name) {
    case 'instance-state-name':
      return values.includes(i.state === 'Terminated' ? 'terminated' : 'running');
    case 'tag:aws:autoscaling:groupName':
      return values.includes(i.group);
    case 'instance-id':
      return values.includes(i.instanceId);
    default:
      throw new Error(`simulated EC2 does not support the filter ${name}`);
  }
}

function matchesGroupFilters(
  group: AutoScalingGroup,
  filters: { Name?: string; Values?: string[] }[] | undefined,
): boolean {
  return (filters ?? []).every(({ Name, Values = [] }) => {
    const tags = group.Tags ?? [];
    if (Name === 'tag-key') return tags.some((t) => Values.includes(t.Key ?? ''));
    if (Name === 'tag-value') return tags.some((t) => Values.includes(t.Value ?? ''));
    if (Name?.startsWith('tag:')) {
      const key = Name.slice(4);
      return tags.some((t) => t.Key === key && Values.includes(t.Value ?? ''));
    }
    throw new Error(`simulated Auto Scaling does not support the filter ${Name}`);
  });
}

function unsupported(service: string, command: Command): Error {
  return new Error(`simulated ${service} does not implement ${command.constructor.name}`);
}
