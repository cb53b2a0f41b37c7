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
import { SimulatedFleet } from './simulated-fleet';

const T = Date.parse('2026-01-01T10:00:00Z');

function fleet(): SimulatedFleet {
  return new SimulatedFleet([
    {
      name: 'asg-checkout',
      applicationName: 'checkout',
      contact: 'c@example.com',
      optIn: 'hook-metadata',
      subnet: 1,
    },
    {
      name: 'asg-search',
      applicationName: 'search',
      contact: 's@example.com',
      optIn: 'tags',
      subnet: 2,
      ipv6: true,
    },
  ]);
}

describe('SimulatedFleet', () => {
  it('makes launch events with the hook metadata and keeps the action open until completed', async () => {
    const f = fleet();
    const { instance, event } = f.launch('asg-checkout', T);
    expect(event['detail-type']).toBe('EC2 Instance-launch Lifecycle Action');
    expect(event.detail).toMatchObject({
      AutoScalingGroupName: 'asg-checkout',
      EC2InstanceId: instance.instanceId,
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
      NotificationMetadata: JSON.stringify({
        applicationName: 'checkout',
        contact: 'c@example.com',
      }),
    });
    expect(instance.state).toBe('Pending:Wait');
    expect(f.inService()).toEqual([]);

    await f.autoScaling.send(
      new CompleteLifecycleActionCommand({
        AutoScalingGroupName: 'asg-checkout',
        LifecycleHookName: event.detail['LifecycleHookName'] as string,
        LifecycleActionToken: event.detail['LifecycleActionToken'] as string,
        LifecycleActionResult: 'CONTINUE',
      }),
    );
    expect(f.inService().map((i) => i.instanceId)).toEqual([instance.instanceId]);
    expect(f.openActions()).toEqual([]);
    // Completing twice is an error, as on AWS.
    await expect(
      f.autoScaling.send(
        new CompleteLifecycleActionCommand({
          AutoScalingGroupName: 'asg-checkout',
          LifecycleHookName: 'x',
          LifecycleActionToken: event.detail['LifecycleActionToken'] as string,
          LifecycleActionResult: 'CONTINUE',
        }),
      ),
    ).rejects.toThrow('No active Lifecycle Action');
  });

  it('answers group, hook and instance lookups with tag filters', async () => {
    const f = fleet();
    const { instance } = f.launch('asg-search', T);
    f.launch('asg-checkout', T);
    const byTag = (await f.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [{ Name: 'tag-key', Values: ['fleetlog:application'] }],
      }),
    )) as DescribeAutoScalingGroupsCommandOutput;
    expect(byTag.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['asg-search']);
    expect(byTag.AutoScalingGroups?.[0].Instances?.[0]).toMatchObject({
      InstanceId: instance.instanceId,
      LifecycleState: 'Pending:Wait',
    });

    const hooks = (await f.autoScaling.send(
      new DescribeLifecycleHooksCommand({ AutoScalingGroupName: 'asg-checkout' }),
    )) as DescribeLifecycleHooksCommandOutput;
    expect(hooks.LifecycleHooks?.map((h) => h.LifecycleTransition)).toEqual([
      'autoscaling:EC2_INSTANCE_LAUNCHING',
      'autoscaling:EC2_INSTANCE_TERMINATING',
    ]);

    const described = (await f.ec2.send(
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
    expect(SimulatedFleet.hostOf(instance)).toBe(instance.ipv6);
  });

  it('takes an instance through scale-in until EC2 reports it terminated without addresses', async () => {
    const f = fleet();
    const { instance, event } = f.launch('asg-checkout', T);
    await f.autoScaling.send(
      new CompleteLifecycleActionCommand({
        AutoScalingGroupName: 'asg-checkout',
        LifecycleHookName: 'h',
        InstanceId: instance.instanceId,
        LifecycleActionResult: 'CONTINUE',
      }),
    );
    expect(event.detail['LifecycleActionToken']).toBeDefined();
    const terminate = f.terminate(instance.instanceId, T + 60_000);
    expect(terminate['detail-type']).toBe('EC2 Instance-terminate Lifecycle Action');
    expect(f.inService()).toEqual([]);
    await f.autoScaling.send(
      new CompleteLifecycleActionCommand({
        AutoScalingGroupName: 'asg-checkout',
        LifecycleHookName: 'h',
        LifecycleActionToken: terminate.detail['LifecycleActionToken'] as string,
        LifecycleActionResult: 'CONTINUE',
      }),
    );
    expect(instance.state).toBe('Terminating:Proceed');
    const done = f.terminateSuccessful(instance.instanceId, T + 120_000);
    expect(done.detail).toMatchObject({
      EC2InstanceId: instance.instanceId,
      AutoScalingGroupName: 'asg-checkout',
    });
    const described = (await f.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [instance.instanceId] }),
    )) as DescribeInstancesCommandOutput;
    expect(described.Reservations?.[0].Instances?.[0]).toMatchObject({
      State: { Name: 'terminated' },
    });
    expect(described.Reservations?.[0].Instances?.[0].PrivateIpAddress).toBeUndefined();
    expect(f.scaleEvents.map((e) => e.action)).toEqual(['launch', 'terminate']);
  });

  it('refuses commands it does not implement', async () => {
    await expect(
      fleet().autoScaling.send(
        new SetDesiredCapacityCommand({ AutoScalingGroupName: 'asg-checkout', DesiredCapacity: 3 }),
      ),
    ).rejects.toThrow('does not implement SetDesiredCapacityCommand');
  });
});
