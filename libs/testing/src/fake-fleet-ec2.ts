import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
  type Instance,
} from '@aws-sdk/client-ec2';
import { awsError } from './aws-error';
import { operationName, type AwsCommandLike } from './fake-aws-client';
import { FAKE_FLEET_LIMITS, type FakeInstance, type FleetState } from './fake-fleet-model';
import { paginate } from './fake-fleet-paging';

/**
 * Answers one EC2 command over the fleet, as the service would: DescribeInstances (InstanceIds,
 * `tag:aws:autoscaling:groupName`, `instance-id` and `instance-state-name` filters, pages of
 * MaxResults), with the service's limits and errors. Any other operation throws
 * `FakeFleet: EC2 does not implement <Operation>`.
 */
export function answerEc2(
  fleet: FleetState,
  command: AwsCommandLike,
): DescribeInstancesCommandOutput {
  if (command instanceof DescribeInstancesCommand) return describeInstances(fleet, command.input);
  throw new Error(`FakeFleet: EC2 does not implement ${operationName(command)}`);
}

function describeInstances(
  fleet: FleetState,
  input: DescribeInstancesCommandInput,
): DescribeInstancesCommandOutput {
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
  for (const group of fleet.groups.values()) {
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
  if (fleet.describeInstancesReturnsNothing) all = [];
  const { page, nextToken } = paginate(all, input.NextToken, input.MaxResults ?? maxResults);
  const Instances = page.map(({ instance, group }) => describeInstance(instance, group));
  return {
    Reservations: Instances.length > 0 ? [{ ReservationId: 'r-fake', Instances }] : [],
    NextToken: nextToken,
    $metadata: {},
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
