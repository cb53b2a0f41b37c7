import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, type DescribeInstancesCommandOutput } from '@aws-sdk/client-ec2';
import type {
  DescribeAutoScalingGroupsCommandOutput,
  DescribeLifecycleHooksCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import { SimulatedFleetApi } from './fleet-api';
import { GROUPS } from './__fixtures__/groups';
import { SimulatedFleet } from './simulated-fleet';

const T = Date.parse('2026-01-01T10:00:00Z');

describe('SimulatedFleetApi', () => {
  it('completes an open lifecycle action, and refuses it a second time as AWS does', async () => {
    const f = new SimulatedFleet(GROUPS);
    const api = new SimulatedFleetApi(f);
    const { instance, action } = f.launch('asg-checkout', T);
    await api.autoScaling.send(
      new CompleteLifecycleActionCommand({
        AutoScalingGroupName: 'asg-checkout',
        LifecycleHookName: 'fleetlog-launch',
        LifecycleActionToken: action.token,
        LifecycleActionResult: 'CONTINUE',
      }),
    );
    expect(f.inService().map((i) => i.instanceId)).toEqual([instance.instanceId]);
    expect(f.openActions()).toEqual([]);
    await expect(
      api.autoScaling.send(
        new CompleteLifecycleActionCommand({
          AutoScalingGroupName: 'asg-checkout',
          LifecycleHookName: 'x',
          LifecycleActionToken: action.token,
          LifecycleActionResult: 'CONTINUE',
        }),
      ),
    ).rejects.toThrow('No active Lifecycle Action');
  });

  it('answers group, hook and instance lookups with tag filters', async () => {
    const f = new SimulatedFleet(GROUPS);
    const api = new SimulatedFleetApi(f);
    const { instance } = f.launch('asg-search', T);
    f.launch('asg-checkout', T);
    const byTag = (await api.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [{ Name: 'tag-key', Values: ['fleetlog:application'] }],
      }),
    )) as DescribeAutoScalingGroupsCommandOutput;
    expect(byTag.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['asg-search']);
    expect(byTag.AutoScalingGroups?.[0].Instances?.[0]).toMatchObject({
      InstanceId: instance.instanceId,
      LifecycleState: 'Pending:Wait',
    });

    const hooks = (await api.autoScaling.send(
      new DescribeLifecycleHooksCommand({ AutoScalingGroupName: 'asg-checkout' }),
    )) as DescribeLifecycleHooksCommandOutput;
    expect(hooks.LifecycleHooks?.map((h) => h.LifecycleTransition)).toEqual([
      'autoscaling:EC2_INSTANCE_LAUNCHING',
      'autoscaling:EC2_INSTANCE_TERMINATING',
    ]);
    expect(hooks.LifecycleHooks?.[0].NotificationMetadata).toBe(
      JSON.stringify({ applicationName: 'checkout', contact: 'c@example.com' }),
    );

    const described = (await api.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:aws:autoscaling:groupName', Values: ['asg-search'] },
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
        ],
      }),
    )) as DescribeInstancesCommandOutput;
    const found = described.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(found.map((i) => [i.InstanceId, i.PrivateIpAddress, i.Ipv6Address])).toEqual([
      [instance.instanceId, instance.privateIp, instance.ipv6],
    ]);
  });

  it('reports a terminated instance without addresses', async () => {
    const f = new SimulatedFleet(GROUPS);
    const api = new SimulatedFleetApi(f);
    const { instance, action } = f.launch('asg-checkout', T);
    f.completeAction({ token: action.token });
    const terminate = f.terminate(instance.instanceId, T + 60_000);
    f.completeAction({ token: terminate.action.token });
    f.terminateSuccessful(instance.instanceId, T + 120_000);
    const described = (await api.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [instance.instanceId] }),
    )) as DescribeInstancesCommandOutput;
    expect(described.Reservations?.[0].Instances?.[0]).toMatchObject({
      State: { Name: 'terminated' },
    });
    expect(described.Reservations?.[0].Instances?.[0].PrivateIpAddress).toBeUndefined();
  });

  it('refuses commands it does not implement', async () => {
    await expect(
      new SimulatedFleetApi(new SimulatedFleet(GROUPS)).autoScaling.send(
        new SetDesiredCapacityCommand({ AutoScalingGroupName: 'asg-checkout', DesiredCapacity: 3 }),
      ),
    ).rejects.toThrow('does not implement SetDesiredCapacityCommand');
  });
});
