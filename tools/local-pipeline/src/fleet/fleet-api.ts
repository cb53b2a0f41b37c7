import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  type AutoScalingGroup,
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
import {
  LAUNCHING,
  REGION,
  TERMINATING,
  groupArn,
  hookMetadata,
  hookName,
  type GroupSpec,
  type SimInstance,
  type SimulatedFleet,
} from './simulated-fleet';

type Command = { input: unknown };

type AutoScalingOutput =
  | DescribeAutoScalingGroupsCommandOutput
  | DescribeLifecycleHooksCommandOutput
  | CompleteLifecycleActionCommandOutput;

/**
 * The Auto Scaling and EC2 APIs as lifecycle-sync calls them, answered from a `SimulatedFleet`
 * behind the `send(command)` shape the SDK clients have: DescribeAutoScalingGroups,
 * DescribeLifecycleHooks, CompleteLifecycleAction and DescribeInstances, nothing else. Kept apart
 * from the model and this small on purpose: a shared Auto Scaling/EC2 fake in @fleetlog/testing is
 * to take its place, and only `autoScaling` and `ec2` are handed to the handler.
 */
export class SimulatedFleetApi {
  constructor(private readonly fleet: SimulatedFleet) {}

  /** The Auto Scaling client stand-in. */
  readonly autoScaling = {
    send: async (command: Command): Promise<AutoScalingOutput> => this.autoScalingSend(command),
  };

  /** The EC2 client stand-in. */
  readonly ec2 = {
    send: async (command: Command): Promise<DescribeInstancesCommandOutput> =>
      this.ec2Send(command),
  };

  private autoScalingSend(command: Command): AutoScalingOutput {
    if (command instanceof DescribeAutoScalingGroupsCommand) {
      const names = command.input.AutoScalingGroupNames;
      const groups = this.fleet.groups.filter(
        (g) => !names || names.length === 0 || names.includes(g.name),
      );
      const filtered = groups.filter((g) =>
        matchesGroupFilters(this.describeGroup(g), command.input.Filters),
      );
      return { AutoScalingGroups: filtered.map((g) => this.describeGroup(g)), $metadata: {} };
    }
    if (command instanceof DescribeLifecycleHooksCommand) {
      const group = this.fleet.group(command.input.AutoScalingGroupName ?? '');
      const wanted = command.input.LifecycleHookNames;
      const hooks = describeHooks(group).filter(
        (h) => !wanted || wanted.length === 0 || wanted.includes(h.LifecycleHookName ?? ''),
      );
      return { LifecycleHooks: hooks, $metadata: {} };
    }
    if (command instanceof CompleteLifecycleActionCommand) {
      const input = command.input;
      const completed = this.fleet.completeAction({
        token: input.LifecycleActionToken,
        instanceId: input.InstanceId,
        group: input.AutoScalingGroupName,
        result: input.LifecycleActionResult,
      });
      if (!completed) {
        // The real API answers ValidationError for an unknown or already completed action.
        const error = new Error('No active Lifecycle Action found with token or instance id');
        error.name = 'ValidationError';
        throw error;
      }
      return { $metadata: {} };
    }
    throw unsupported('Auto Scaling', command);
  }

  private ec2Send(command: Command): DescribeInstancesCommandOutput {
    if (command instanceof DescribeInstancesCommand) {
      const ids = command.input.InstanceIds;
      let instances = this.fleet
        .allInstances()
        .filter((i) => !ids || ids.length === 0 || ids.includes(i.instanceId));
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

  private describeGroup(group: GroupSpec): AutoScalingGroup {
    const members = this.fleet
      .allInstances()
      .filter((i) => i.group === group.name && i.state !== 'Terminated');
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
}

/** The group's two fleetlog hooks, as DescribeLifecycleHooks lists them. */
function describeHooks(group: GroupSpec): LifecycleHook[] {
  const metadata = hookMetadata(group);
  return [LAUNCHING, TERMINATING].map((transition) => ({
    LifecycleHookName: hookName(transition),
    AutoScalingGroupName: group.name,
    LifecycleTransition: transition,
    NotificationMetadata: metadata,
    HeartbeatTimeout: 300,
    GlobalTimeout: 30000,
    DefaultResult: 'CONTINUE',
  }));
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
