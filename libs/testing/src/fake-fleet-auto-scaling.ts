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
} from '@aws-sdk/client-auto-scaling';
import { awsError } from './aws-error';
import { operationName, type AwsCommandLike } from './fake-aws-client';
import {
  FAKE_FLEET_LIMITS,
  type FakeGroup,
  type FakeHook,
  type FleetState,
} from './fake-fleet-model';
import { paginate } from './fake-fleet-paging';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/**
 * Answers one Auto Scaling command over the fleet, as the service would:
 * DescribeAutoScalingGroups (names, `tag-key`, `tag-value` and `tag:<key>` filters, pages of
 * MaxRecords), DescribeLifecycleHooks and CompleteLifecycleAction (by token, or by instance id
 * without one), with the service's limits and errors. Any other operation throws
 * `FakeFleet: Auto Scaling does not implement <Operation>`.
 */
export function answerAutoScaling(fleet: FleetState, command: AwsCommandLike): object {
  if (command instanceof DescribeAutoScalingGroupsCommand) {
    return describeGroups(fleet, command.input);
  }
  if (command instanceof DescribeLifecycleHooksCommand) return describeHooks(fleet, command.input);
  if (command instanceof CompleteLifecycleActionCommand) return complete(fleet, command.input);
  throw new Error(`FakeFleet: Auto Scaling does not implement ${operationName(command)}`);
}

function describeGroups(
  fleet: FleetState,
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
  let groups = [...fleet.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
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

function describeHooks(
  fleet: FleetState,
  input: DescribeLifecycleHooksCommandInput,
): DescribeLifecycleHooksCommandOutput {
  const group = fleet.groups.get(input.AutoScalingGroupName ?? '');
  if (!group) throw validationError(`Group ${input.AutoScalingGroupName} not found`);
  const wanted = input.LifecycleHookNames ?? [];
  const hooks = group.hooks.filter((h) => wanted.length === 0 || wanted.includes(h.name));
  return { LifecycleHooks: hooks.map((h) => describeHook(group.name, h)), $metadata: {} };
}

function complete(
  fleet: FleetState,
  input: CompleteLifecycleActionCommandInput,
): CompleteLifecycleActionCommandOutput {
  const token = input.LifecycleActionToken;
  const action =
    token !== undefined
      ? fleet.pendingActions.get(token)
      : fleet.pendingActions.forInstance(input.InstanceId ?? '', input.AutoScalingGroupName);
  if (!action) {
    throw validationError(
      `No active Lifecycle Action found with ${token !== undefined ? `token ${token}` : `instance ${input.InstanceId}`}`,
    );
  }
  fleet.pendingActions.delete(action.token);
  fleet.completed.push(input);
  const instanceId = action.instanceId ?? input.InstanceId;
  const instance = instanceId === undefined ? undefined : fleet.findInstance(instanceId);
  if (instance?.lifecycleState === 'Pending:Wait') {
    instance.lifecycleState =
      input.LifecycleActionResult === 'ABANDON' ? 'Terminated' : 'InService';
  } else if (instance?.lifecycleState === 'Terminating:Wait') {
    instance.lifecycleState = 'Terminating:Proceed';
  }
  return { $metadata: {} };
}

function validationError(message: string): Error {
  return awsError('ValidationError', { status: 400, message });
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
