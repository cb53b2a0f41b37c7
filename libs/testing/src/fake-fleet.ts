import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  type AutoScalingGroup,
  type CompleteLifecycleActionCommandInput,
  type CompleteLifecycleActionCommandOutput,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeAutoScalingGroupsCommandOutput,
  type DescribeLifecycleHooksCommandInput,
  type DescribeLifecycleHooksCommandOutput,
  type LifecycleHook,
  type LifecycleState,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
  type Instance,
} from '@aws-sdk/client-ec2';
import { awsError } from './aws-error';
import { FakeAwsClient, operationName, type AwsCommandLike } from './fake-aws-client';
import { waitLatency, type Latency } from './ticks';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

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
export class FakeFleet {
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
        return this.answerAutoScaling(command);
      },
      { onCall },
    );
    this.ec2 = new FakeAwsClient(
      async (command) => {
        await waitLatency(options.latency);
        return this.answerEc2(command);
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

  private answerAutoScaling(command: AwsCommandLike): object {
    if (command instanceof DescribeAutoScalingGroupsCommand) {
      return this.describeGroups(command.input);
    }
    if (command instanceof DescribeLifecycleHooksCommand) return this.describeHooks(command.input);
    if (command instanceof CompleteLifecycleActionCommand) return this.complete(command.input);
    throw new Error(`FakeFleet: Auto Scaling does not implement ${operationName(command)}`);
  }

  private answerEc2(command: AwsCommandLike): DescribeInstancesCommandOutput {
    if (command instanceof DescribeInstancesCommand) return this.describeInstances(command.input);
    throw new Error(`FakeFleet: EC2 does not implement ${operationName(command)}`);
  }

  private describeGroups(
    input: DescribeAutoScalingGroupsCommandInput,
  ): DescribeAutoScalingGroupsCommandOutput {
    const max = input.MaxRecords ?? FAKE_FLEET_LIMITS.defaultMaxRecords;
    if (max < 1 || max > FAKE_FLEET_LIMITS.maxRecords) {
      throw validationError(`MaxRecords must be 1 to ${FAKE_FLEET_LIMITS.maxRecords}`);
    }
    const names = input.AutoScalingGroupNames ?? [];
    if (names.length > FAKE_FLEET_LIMITS.groupNames) {
      throw validationError(`at most ${FAKE_FLEET_LIMITS.groupNames} AutoScalingGroupNames`);
    }
    let groups = [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (names.length > 0) groups = groups.filter((g) => names.includes(g.name));
    for (const filter of input.Filters ?? []) {
      const name = filter.Name ?? '';
      const values = filter.Values ?? [];
      const tags = (g: FakeGroup) => Object.entries(g.tags);
      if (name === 'tag-key') groups = groups.filter((g) => values.some((key) => key in g.tags));
      else if (name === 'tag-value') {
        groups = groups.filter((g) => tags(g).some(([, value]) => values.includes(value)));
      } else if (name.startsWith('tag:')) {
        const key = name.slice(4);
        groups = groups.filter((g) => key in g.tags && values.includes(g.tags[key]));
      } else throw validationError(`unsupported filter ${name}`);
    }
    const { page, nextToken } = paginate(groups, input.NextToken, max);
    return {
      AutoScalingGroups: page.map((g) => describeGroup(g)),
      NextToken: nextToken,
      $metadata: {},
    };
  }

  private describeHooks(
    input: DescribeLifecycleHooksCommandInput,
  ): DescribeLifecycleHooksCommandOutput {
    const group = this.groups.get(input.AutoScalingGroupName ?? '');
    if (!group) throw validationError(`Group ${input.AutoScalingGroupName} not found`);
    const wanted = input.LifecycleHookNames ?? [];
    const hooks = group.hooks.filter((h) => wanted.length === 0 || wanted.includes(h.name));
    return { LifecycleHooks: hooks.map((h) => describeHook(group.name, h)), $metadata: {} };
  }

  private complete(
    input: CompleteLifecycleActionCommandInput,
  ): CompleteLifecycleActionCommandOutput {
    const token = input.LifecycleActionToken;
    const action =
      token !== undefined
        ? this.pendingActions.get(token)
        : this.pendingActions.forInstance(input.InstanceId ?? '', input.AutoScalingGroupName);
    if (!action) {
      throw validationError(
        `No active Lifecycle Action found with ${token !== undefined ? `token ${token}` : `instance ${input.InstanceId}`}`,
      );
    }
    this.pendingActions.delete(action.token);
    this.completed.push(input);
    const instanceId = action.instanceId ?? input.InstanceId;
    const instance = instanceId === undefined ? undefined : this.findInstance(instanceId);
    if (instance?.lifecycleState === 'Pending:Wait') {
      instance.lifecycleState =
        input.LifecycleActionResult === 'ABANDON' ? 'Terminated' : 'InService';
    } else if (instance?.lifecycleState === 'Terminating:Wait') {
      instance.lifecycleState = 'Terminating:Proceed';
    }
    return { $metadata: {} };
  }

  private describeInstances(input: DescribeInstancesCommandInput): DescribeInstancesCommandOutput {
    const { minResults, maxResults, filterValues } = FAKE_FLEET_LIMITS;
    if (input.MaxResults !== undefined) {
      if (input.MaxResults < minResults || input.MaxResults > maxResults) {
        throw awsError('InvalidParameterValue', {
          message: `MaxResults must be ${minResults} to ${maxResults}`,
        });
      }
      if ((input.InstanceIds?.length ?? 0) > 0) {
        throw awsError('InvalidParameterCombination', {
          message: 'MaxResults cannot be combined with InstanceIds',
        });
      }
    }
    let all: { instance: FakeInstance; group: string }[] = [];
    for (const group of this.groups.values()) {
      for (const instance of group.instances) all.push({ instance, group: group.name });
    }
    all = all.filter(({ instance }) => instance.inEc2 !== false);
    const ids = input.InstanceIds ?? [];
    if (ids.length > 0) all = all.filter(({ instance }) => ids.includes(instance.id));
    for (const filter of input.Filters ?? []) {
      const values = filter.Values ?? [];
      if (values.length > filterValues) {
        throw awsError('FilterLimitExceeded', {
          message: `more than ${filterValues} values in filter ${filter.Name}`,
        });
      }
      switch (filter.Name) {
        case 'tag:aws:autoscaling:groupName':
          all = all.filter(
            ({ instance, group }) => instance.tagged !== false && values.includes(group),
          );
          break;
        case 'instance-id':
          all = all.filter(({ instance }) => values.includes(instance.id));
          break;
        case 'instance-state-name':
          all = all.filter(({ instance }) => values.includes(ec2State(instance).Name));
          break;
        default:
          throw awsError('InvalidParameterValue', { message: `unsupported filter ${filter.Name}` });
      }
    }
    if (this.describeInstancesReturnsNothing) all = [];
    const { page, nextToken } = paginate(all, input.NextToken, input.MaxResults ?? maxResults);
    const Instances = page.map(({ instance, group }) => describeInstance(instance, group));
    return {
      Reservations: Instances.length > 0 ? [{ ReservationId: 'r-fake', Instances }] : [],
      NextToken: nextToken,
      $metadata: {},
    };
  }
}

function validationError(message: string): Error {
  return awsError('ValidationError', { status: 400, message });
}

/** A page of `items` from the offset a NextToken carries, and the token of the next page. */
function paginate<T>(
  items: readonly T[],
  token: string | undefined,
  max: number,
): { page: T[]; nextToken: string | undefined } {
  const start = Number(token ?? 0);
  if (!Number.isInteger(start) || start < 0) {
    throw awsError('InvalidNextToken', { message: `invalid NextToken ${token}` });
  }
  return {
    page: items.slice(start, start + max),
    nextToken: start + max < items.length ? String(start + max) : undefined,
  };
}

function groupArn(name: string): string {
  return `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${name}`;
}

function describeGroup(group: FakeGroup): AutoScalingGroup {
  const members = group.instances.filter((i) => i.lifecycleState !== 'Terminated');
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: groupArn(group.name),
    MinSize: 0,
    MaxSize: Math.max(10, members.length),
    DesiredCapacity: members.length,
    DefaultCooldown: 300,
    AvailabilityZones: [`${REGION}a`],
    HealthCheckType: 'EC2',
    CreatedTime: new Date(0),
    Instances: members.map((i) => ({
      InstanceId: i.id,
      InstanceType: 't4g.small',
      AvailabilityZone: `${REGION}a`,
      LifecycleState: i.lifecycleState,
      HealthStatus: 'Healthy',
      ProtectedFromScaleIn: false,
    })),
    Tags: Object.entries(group.tags).map(([Key, Value]) => ({
      Key,
      Value,
      ResourceId: group.name,
      ResourceType: 'auto-scaling-group',
      PropagateAtLaunch: true,
    })),
  };
}

function describeHook(groupName: string, hook: FakeHook): LifecycleHook {
  return {
    LifecycleHookName: hook.name,
    AutoScalingGroupName: groupName,
    LifecycleTransition: hook.transition,
    NotificationMetadata: hook.metadata,
    HeartbeatTimeout: 300,
    GlobalTimeout: 30_000,
    DefaultResult: 'CONTINUE',
  };
}

function ec2State(instance: FakeInstance): { Code: number; Name: 'running' | 'terminated' } {
  return instance.lifecycleState === 'Terminated'
    ? { Code: 48, Name: 'terminated' }
    : { Code: 16, Name: 'running' };
}

function describeInstance(instance: FakeInstance, group: string): Instance {
  const state = ec2State(instance);
  // A terminated instance has lost its network interfaces and addresses, as on EC2.
  const running = state.Name === 'running';
  const { privateIp, publicIp, ipv6 } = instance;
  return {
    InstanceId: instance.id,
    InstanceType: 't4g.small',
    State: state,
    PrivateIpAddress: running ? privateIp : undefined,
    PublicIpAddress: running ? publicIp : undefined,
    Ipv6Address: running ? ipv6 : undefined,
    NetworkInterfaces:
      running && (privateIp !== undefined || ipv6 !== undefined)
        ? [
            {
              NetworkInterfaceId: `eni-${instance.id.replace(/^i-/, '')}`,
              PrivateIpAddress: privateIp,
              PrivateIpAddresses:
                privateIp === undefined ? [] : [{ PrivateIpAddress: privateIp, Primary: true }],
              Ipv6Addresses: ipv6 === undefined ? [] : [{ Ipv6Address: ipv6, IsPrimaryIpv6: true }],
            },
          ]
        : [],
    Tags: instance.tagged === false ? [] : [{ Key: 'aws:autoscaling:groupName', Value: group }],
    LaunchTime: instance.launchedAtMs === undefined ? undefined : new Date(instance.launchedAtMs),
  };
}
