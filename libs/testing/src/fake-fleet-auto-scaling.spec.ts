import {
  DescribeLifecycleHooksCommand,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeLifecycleHooksCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import { complete, fleetOf, groups, noActiveAction } from './__fixtures__/fleet';
import { FakeFleet } from './fake-fleet';
import { LIFECYCLE_TRANSITIONS } from './fake-fleet-model';

describe('FakeFleet: DescribeAutoScalingGroups', () => {
  it('pages by MaxRecords (50 by default, 100 at most) in name order, with a NextToken', async () => {
    const fleet = fleetOf(120, 0);
    const first = await groups(fleet, { MaxRecords: 100 });
    expect(first.AutoScalingGroups).toHaveLength(100);
    expect(first.AutoScalingGroups?.[0].AutoScalingGroupName).toBe('web-000');
    expect(first.NextToken).toBeDefined();
    const second = await groups(fleet, { MaxRecords: 100, NextToken: first.NextToken });
    expect(second.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(
      Array.from({ length: 20 }, (_, g) => `web-${100 + g}`),
    );
    expect(second.NextToken).toBeUndefined();
    expect((await groups(fleet)).AutoScalingGroups).toHaveLength(50);
    await expect(groups(fleet, { MaxRecords: 101 })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(groups(fleet, { NextToken: 'garbage' })).rejects.toMatchObject({
      name: 'InvalidNextToken',
    });
  });

  it('filters by names and by tag-key, tag-value and tag:<key>; refuses other filters', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('a', { tags: { 'fleetlog:application': 'search', team: 'x' } });
    fleet.addGroup('b', { tags: { team: 'y' } });
    fleet.addGroup('c');
    const names = async (input: DescribeAutoScalingGroupsCommandInput) =>
      (await groups(fleet, input)).AutoScalingGroups?.map((g) => g.AutoScalingGroupName);
    expect(await names({ AutoScalingGroupNames: ['c', 'a', 'zz'] })).toEqual(['a', 'c']);
    expect(
      await names({ Filters: [{ Name: 'tag-key', Values: ['fleetlog:application'] }] }),
    ).toEqual(['a']);
    expect(await names({ Filters: [{ Name: 'tag-value', Values: ['y', 'search'] }] })).toEqual([
      'a',
      'b',
    ]);
    expect(await names({ Filters: [{ Name: 'tag:team', Values: ['y'] }] })).toEqual(['b']);
    await expect(
      names({ Filters: [{ Name: 'instance-type', Values: ['x'] }] }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('describes tags and the live instances with their lifecycle states', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web', { tags: { app: 'checkout' } });
    fleet.addInstance('web', { id: 'i-1', privateIp: '10.0.0.1' });
    fleet.launch('web', { id: 'i-2' }, 'tok');
    fleet.addInstance('web', { id: 'i-3' });
    fleet.terminate('i-3');
    const [group] = (await groups(fleet)).AutoScalingGroups ?? [];
    expect(group.Tags).toEqual([
      expect.objectContaining({ Key: 'app', Value: 'checkout', ResourceId: 'web' }),
    ]);
    expect(group.Instances?.map((i) => [i.InstanceId, i.LifecycleState])).toEqual([
      ['i-1', 'InService'],
      ['i-2', 'Pending:Wait'],
    ]);
    expect(group.DesiredCapacity).toBe(2);
  });
});

describe('FakeFleet: lifecycle hooks and actions', () => {
  it('describes hooks (by name too); an unknown group is a ValidationError', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web', {
      hooks: [
        {
          name: 'fleetlog-launch',
          metadata: '{"applicationName":"web"}',
          transition: LIFECYCLE_TRANSITIONS.launching,
        },
        { name: 'drain' },
      ],
    });
    const hooks = (input: { AutoScalingGroupName: string; LifecycleHookNames?: string[] }) =>
      fleet.autoScaling.send<DescribeLifecycleHooksCommandOutput>(
        new DescribeLifecycleHooksCommand(input),
      );
    expect(
      (await hooks({ AutoScalingGroupName: 'web' })).LifecycleHooks?.map(
        (h) => h.LifecycleHookName,
      ),
    ).toEqual(['fleetlog-launch', 'drain']);
    const [ours] =
      (await hooks({ AutoScalingGroupName: 'web', LifecycleHookNames: ['fleetlog-launch'] }))
        .LifecycleHooks ?? [];
    expect(ours).toMatchObject({
      NotificationMetadata: '{"applicationName":"web"}',
      LifecycleTransition: LIFECYCLE_TRANSITIONS.launching,
    });
    await expect(hooks({ AutoScalingGroupName: 'nope' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('completes a launch once: the instance goes InService, a second completion finds no action', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web');
    const launched = fleet.launch('web', { privateIp: '10.0.0.1' }, 'tok-1');
    expect(launched.id).toMatch(/^i-[0-9a-f]{17}$/);
    expect(fleet.pendingActions.get('tok-1')).toEqual({
      token: 'tok-1',
      instanceId: launched.id,
      groupName: 'web',
      transition: LIFECYCLE_TRANSITIONS.launching,
    });
    const input = {
      AutoScalingGroupName: 'web',
      LifecycleHookName: 'fleetlog-launch',
      LifecycleActionToken: 'tok-1',
      InstanceId: launched.id,
      LifecycleActionResult: 'CONTINUE',
    };
    await complete(fleet, input);
    expect(launched.lifecycleState).toBe('InService');
    expect(fleet.completed).toEqual([input]);
    expect(fleet.pendingActions.size).toBe(0);
    const again = await complete(fleet, input).catch((e: unknown) => e);
    expect(noActiveAction(again)).toBe(true);
    await expect(
      complete(fleet, { ...input, LifecycleActionToken: 'unknown' }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('completes by instance id without a token; ABANDON terminates a launching instance', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web');
    const launched = fleet.launch('web', {}, 'tok');
    await complete(fleet, {
      AutoScalingGroupName: 'web',
      LifecycleHookName: 'h',
      InstanceId: launched.id,
      LifecycleActionResult: 'ABANDON',
    });
    expect(launched.lifecycleState).toBe('Terminated');
    expect(fleet.pendingActions.has('tok')).toBe(false);
  });

  it('lets a terminating instance proceed once its terminate action is completed', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web');
    const instance = fleet.addInstance('web', { id: 'i-1' });
    fleet.beginTermination('i-1', 'tok-t');
    expect(instance.lifecycleState).toBe('Terminating:Wait');
    await complete(fleet, {
      AutoScalingGroupName: 'web',
      LifecycleHookName: 'fleetlog-terminate',
      LifecycleActionToken: 'tok-t',
      InstanceId: 'i-1',
      LifecycleActionResult: 'CONTINUE',
    });
    expect(instance.lifecycleState).toBe('Terminating:Proceed');
    // A bare token (no details) is an open action too, as the specs set them up by hand.
    fleet.pendingActions.add('tok-bare');
    await complete(fleet, {
      AutoScalingGroupName: 'web',
      LifecycleHookName: 'h',
      LifecycleActionToken: 'tok-bare',
      LifecycleActionResult: 'CONTINUE',
    });
    expect(fleet.completed).toHaveLength(2);
  });
});
