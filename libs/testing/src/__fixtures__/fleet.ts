// Requests to a FakeFleet and the fleets they go to, shared by the fake fleet's specs.
import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  type CompleteLifecycleActionCommandInput,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeAutoScalingGroupsCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
} from '@aws-sdk/client-ec2';
import { awsErrorName } from '@fleetlog/aws-kit';
import { FakeFleet } from '../fake-fleet';

/** DescribeAutoScalingGroups through the fleet's Auto Scaling client. */
export const groups = (fleet: FakeFleet, input: DescribeAutoScalingGroupsCommandInput = {}) =>
  fleet.autoScaling.send<DescribeAutoScalingGroupsCommandOutput>(
    new DescribeAutoScalingGroupsCommand(input),
  );
/** DescribeInstances through the fleet's EC2 client. */
export const instances = (fleet: FakeFleet, input: DescribeInstancesCommandInput = {}) =>
  fleet.ec2.send<DescribeInstancesCommandOutput>(new DescribeInstancesCommand(input));
/** CompleteLifecycleAction through the fleet's Auto Scaling client. */
export const complete = (fleet: FakeFleet, input: CompleteLifecycleActionCommandInput) =>
  fleet.autoScaling.send(new CompleteLifecycleActionCommand(input));
/** The instance ids of a DescribeInstances answer, in order. */
export const ids = (out: DescribeInstancesCommandOutput) =>
  (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId);
/** What lifecycle-sync's isNoActiveLifecycleAction matches. */
export const noActiveAction = (error: unknown) =>
  awsErrorName(error) === 'ValidationError' &&
  /no active lifecycle action/i.test((error as Error).message);

/** `groupCount` groups `web-000`, ... tagged `app: app-<g>`, of `perGroup` InService instances each. */
export function fleetOf(groupCount: number, perGroup: number): FakeFleet {
  const fleet = new FakeFleet();
  for (let g = 0; g < groupCount; g++) {
    fleet.addGroup(`web-${String(g).padStart(3, '0')}`, { tags: { app: `app-${g}` } });
    for (let i = 0; i < perGroup; i++) {
      fleet.addInstance(`web-${String(g).padStart(3, '0')}`, { privateIp: `10.${g}.0.${i}` });
    }
  }
  return fleet;
}
