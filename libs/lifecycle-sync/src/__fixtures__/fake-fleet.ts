// A simulated Auto Scaling fleet behind aws-sdk-client-mock: answers the commands the README
// lists, with the services' page sizes, filters and errors.
import {
  AutoScalingServiceException,
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
  type CompleteLifecycleActionCommandInput,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeLifecycleHooksCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export interface FakeInstance {
  id: string;
  lifecycleState: string;
  privateIp?: string;
  publicIp?: string;
  ipv6?: string;
  /** False: DescribeInstances by group tag misses it (tag not yet visible after launch). */
  tagged?: boolean;
  /** False: EC2 does not know it (yet, or any more). */
  inEc2?: boolean;
}

export interface FakeGroup {
  name: string;
  tags: Record<string, string>;
  hooks: { name: string; metadata?: string }[];
  instances: FakeInstance[];
}

export function asgError(name: string, message: string): AutoScalingServiceException {
  return new AutoScalingServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });
}

export class FakeFleet {
  readonly groups = new Map<string, FakeGroup>();
  /** Tokens of lifecycle actions waiting for completion. */
  readonly pendingActions = new Set<string>();
  readonly completed: CompleteLifecycleActionCommandInput[] = [];
  describeInstancesReturnsNothing = false;

  addGroup(name: string, options: Partial<Omit<FakeGroup, 'name'>> = {}): FakeGroup {
    const group: FakeGroup = { name, tags: {}, hooks: [], instances: [], ...options };
    this.groups.set(name, group);
    return group;
  }

  group(name: string): FakeGroup {
    const group = this.groups.get(name);
    if (!group) throw new Error(`no group ${name}`);
    return group;
  }

  /** An instance at Pending:Wait with a pending launch action. */
  launch(groupName: string, instance: Omit<FakeInstance, 'lifecycleState'>, token: string): void {
    this.group(groupName).instances.push({ lifecycleState: 'Pending:Wait', ...instance });
    this.pendingActions.add(token);
  }

  /** Removes the instance from its group (terminated). */
  terminate(instanceId: string): void {
    for (const group of this.groups.values()) {
      group.instances = group.instances.filter((instance) => instance.id !== instanceId);
    }
  }

  install(asg: AwsClientStub<AutoScalingClient>, ec2: AwsClientStub<EC2Client>): void {
    asg
      .on(DescribeAutoScalingGroupsCommand)
      .callsFake((input: DescribeAutoScalingGroupsCommandInput) => this.describeGroups(input));
    asg
      .on(DescribeLifecycleHooksCommand)
      .callsFake(async (input: DescribeLifecycleHooksCommandInput) => {
        const group = this.groups.get(input.AutoScalingGroupName ?? '');
        if (!group)
          throw asgError('ValidationError', `Group ${input.AutoScalingGroupName} not found`);
        return {
          LifecycleHooks: group.hooks.map((hook) => ({
            LifecycleHookName: hook.name,
            AutoScalingGroupName: group.name,
            NotificationMetadata: hook.metadata,
          })),
        };
      });
    asg
      .on(CompleteLifecycleActionCommand)
      .callsFake(async (input: CompleteLifecycleActionCommandInput) => {
        const token = input.LifecycleActionToken ?? '';
        if (!this.pendingActions.has(token)) {
          throw asgError('ValidationError', `No active Lifecycle Action found with token ${token}`);
        }
        this.pendingActions.delete(token);
        this.completed.push(input);
        for (const instance of this.group(input.AutoScalingGroupName ?? '').instances) {
          if (instance.id === input.InstanceId && instance.lifecycleState === 'Pending:Wait') {
            instance.lifecycleState = 'InService';
          }
        }
        return {};
      });
    ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: DescribeInstancesCommandInput) => this.describeInstances(input));
  }

  private async describeGroups(input: DescribeAutoScalingGroupsCommandInput) {
    const max = input.MaxRecords ?? 50;
    if (max > 100) throw asgError('ValidationError', 'MaxRecords must be <= 100');
    if ((input.AutoScalingGroupNames?.length ?? 0) > 100)
      throw asgError('ValidationError', 'too many names');
    let groups = [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (input.AutoScalingGroupNames)
      groups = groups.filter((g) => input.AutoScalingGroupNames?.includes(g.name));
    for (const filter of input.Filters ?? []) {
      if (filter.Name === 'tag-key')
        groups = groups.filter((g) => filter.Values?.some((key) => key in g.tags));
      else throw asgError('ValidationError', `unsupported filter ${filter.Name}`);
    }
    const start = Number(input.NextToken ?? 0);
    const page = groups.slice(start, start + max);
    // Only the fields lifecycle-sync reads (see its README).
    const AutoScalingGroups = page.map((g) => ({
      AutoScalingGroupName: g.name,
      Tags: Object.entries(g.tags).map(([Key, Value]) => ({ Key, Value, ResourceId: g.name })),
      Instances: g.instances.map((i) => ({ InstanceId: i.id, LifecycleState: i.lifecycleState })),
    })) as unknown as AutoScalingGroup[];
    return {
      AutoScalingGroups,
      NextToken: start + max < groups.length ? String(start + max) : undefined,
    };
  }

  private async describeInstances(input: DescribeInstancesCommandInput) {
    const max = input.MaxResults ?? 1000;
    if (max > 1000 || max < 5) throw new Error('MaxResults must be 5..1000');
    let all: { instance: FakeInstance; group: string }[] = [];
    for (const group of this.groups.values()) {
      for (const instance of group.instances) all.push({ instance, group: group.name });
    }
    all = all.filter(({ instance }) => instance.inEc2 !== false);
    for (const filter of input.Filters ?? []) {
      const values = filter.Values ?? [];
      if (values.length > 200) throw new Error('FilterLimitExceeded: more than 200 filter values');
      if (filter.Name === 'tag:aws:autoscaling:groupName') {
        all = all.filter(
          ({ instance, group }) => instance.tagged !== false && values.includes(group),
        );
      } else if (filter.Name === 'instance-id') {
        all = all.filter(({ instance }) => values.includes(instance.id));
      } else if (filter.Name !== 'instance-state-name') {
        throw new Error(`unsupported filter ${filter.Name}`);
      }
    }
    if (this.describeInstancesReturnsNothing) all = [];
    const start = Number(input.NextToken ?? 0);
    const page = all.slice(start, start + max);
    const Instances: Instance[] = page.map(({ instance }) => ({
      InstanceId: instance.id,
      PrivateIpAddress: instance.privateIp,
      PublicIpAddress: instance.publicIp,
      Ipv6Address: instance.ipv6,
    }));
    return {
      Reservations: Instances.length > 0 ? [{ Instances }] : [],
      NextToken: start + max < all.length ? String(start + max) : undefined,
    };
  }
}
