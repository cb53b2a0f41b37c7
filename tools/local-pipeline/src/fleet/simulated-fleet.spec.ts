import {
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  type DescribeAutoScalingGroupsCommandOutput,
  type DescribeLifecycleHooksCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, type DescribeInstancesCommandOutput } from '@aws-sdk/client-ec2';
import { GROUPS } from './__fixtures__/groups';
import { completeAction, completeActionOf } from './__fixtures__/lifecycle-actions';
import { SimulatedFleet } from './simulated-fleet';

const T = Date.parse('2026-01-01T10:00:00Z');

describe('SimulatedFleet', () => {
  it('keeps a launch pending until Auto Scaling is told to complete its action, once', async () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance, action } = f.launch('asg-checkout', T);
    expect(instance.state).toBe('Pending:Wait');
    expect(action).toEqual({
      token: `token-${instance.instanceId}-launch`,
      instanceId: instance.instanceId,
      group: 'asg-checkout',
      transition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    });
    expect([...f.aws.pendingActions.keys()]).toEqual([action.token]);
    expect(f.inService()).toEqual([]);

    await completeAction(f, action);
    expect(f.inService().map((i) => i.instanceId)).toEqual([instance.instanceId]);
    expect(f.instance(instance.instanceId).state).toBe('InService');
    expect(f.aws.pendingActions.size).toBe(0);
    // Completing twice finds nothing open, as on AWS.
    await expect(completeAction(f, action)).rejects.toThrow('No active Lifecycle Action');
  });

  it('ends an abandoned launch', async () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance } = f.launch('asg-checkout', T);
    await completeActionOf(f, instance.instanceId, 'asg-checkout', 'ABANDON');
    expect(f.instance(instance.instanceId).state).toBe('Terminated');
  });

  it('takes an instance through scale-in, recording both scale events', async () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance } = f.launch('asg-checkout', T);
    // By instance and group, as CompleteLifecycleAction allows without a token.
    await completeActionOf(f, instance.instanceId, 'asg-checkout');
    const { action } = f.terminate(instance.instanceId, T + 60_000);
    expect(f.instance(instance.instanceId).state).toBe('Terminating:Wait');
    expect(action.transition).toBe('autoscaling:EC2_INSTANCE_TERMINATING');
    expect(f.inService()).toEqual([]);
    await completeAction(f, action);
    expect(f.instance(instance.instanceId).state).toBe('Terminating:Proceed');
    expect(f.terminateSuccessful(instance.instanceId, T + 120_000)).toEqual({
      ...instance,
      state: 'Terminated',
      terminatedAtMs: T + 120_000,
    });
    expect(f.scaleEvents.map((e) => [e.action, e.instanceId, e.atMs])).toEqual([
      ['launch', instance.instanceId, T],
      ['terminate', instance.instanceId, T + 60_000],
    ]);
    expect(() => f.terminate(instance.instanceId, T)).toThrow('in state Terminated');
  });

  it('gives each group its own subnet, and IPv6 callers their IPv6 address', () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance: checkout } = f.launch('asg-checkout', T);
    const { instance: search } = f.launch('asg-search', T);
    expect(checkout.privateIp).toMatch(/^10\.0\.1\./);
    expect(SimulatedFleet.hostOf(checkout)).toBe(checkout.privateIp);
    expect(search.privateIp).toMatch(/^10\.0\.2\./);
    expect(SimulatedFleet.hostOf(search)).toBe(search.ipv6);
    expect(f.allInstances()).toEqual([checkout, search]);
  });

  it('refuses an unknown group as Auto Scaling does', () => {
    const f = new SimulatedFleet(GROUPS);
    let error: unknown;
    try {
      f.launch('asg-nowhere', T);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'AutoScalingGroup name not found - asg-nowhere',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('shows Auto Scaling each group with its opt-in: hook metadata, or tags', async () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance } = f.launch('asg-search', T);
    f.launch('asg-checkout', T);
    const byTag = (await f.aws.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [{ Name: 'tag-key', Values: ['fleetlog:application'] }],
      }),
    )) as DescribeAutoScalingGroupsCommandOutput;
    expect(byTag.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['asg-search']);
    expect(byTag.AutoScalingGroups?.[0].Tags?.map((t) => [t.Key, t.Value])).toEqual([
      ['fleetlog:application', 'search'],
      ['fleetlog:contact', 's@example.com'],
      ['Name', 'asg-search'],
    ]);
    expect(byTag.AutoScalingGroups?.[0].Instances?.[0]).toMatchObject({
      InstanceId: instance.instanceId,
      LifecycleState: 'Pending:Wait',
    });

    const hooks = (await f.aws.autoScaling.send(
      new DescribeLifecycleHooksCommand({ AutoScalingGroupName: 'asg-checkout' }),
    )) as DescribeLifecycleHooksCommandOutput;
    expect(hooks.LifecycleHooks?.map((h) => [h.LifecycleHookName, h.LifecycleTransition])).toEqual([
      ['fleetlog-launch', 'autoscaling:EC2_INSTANCE_LAUNCHING'],
      ['fleetlog-terminate', 'autoscaling:EC2_INSTANCE_TERMINATING'],
    ]);
    expect(hooks.LifecycleHooks?.[0].NotificationMetadata).toBe(
      JSON.stringify({ applicationName: 'checkout', contact: 'c@example.com' }),
    );
  });

  it('shows EC2 the instances with their addresses, and a terminated one without', async () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance: search } = f.launch('asg-search', T);
    const { instance, action } = f.launch('asg-checkout', T);
    const described = (await f.aws.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:aws:autoscaling:groupName', Values: ['asg-search'] },
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
        ],
      }),
    )) as DescribeInstancesCommandOutput;
    const found = described.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(found.map((i) => [i.InstanceId, i.PrivateIpAddress, i.Ipv6Address])).toEqual([
      [search.instanceId, search.privateIp, search.ipv6],
    ]);
    expect(found[0].LaunchTime).toEqual(new Date(T));

    await completeAction(f, action);
    await completeAction(f, f.terminate(instance.instanceId, T + 60_000).action);
    f.terminateSuccessful(instance.instanceId, T + 120_000);
    const gone = (await f.aws.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [instance.instanceId] }),
    )) as DescribeInstancesCommandOutput;
    expect(gone.Reservations?.[0].Instances?.[0]).toMatchObject({ State: { Name: 'terminated' } });
    expect(gone.Reservations?.[0].Instances?.[0].PrivateIpAddress).toBeUndefined();
  });
});
