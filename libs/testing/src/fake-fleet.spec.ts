import {
  AutoScalingClient,
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  DescribeScalingActivitiesCommand,
  type CompleteLifecycleActionCommandInput,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeAutoScalingGroupsCommandOutput,
  type DescribeLifecycleHooksCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  EC2Client,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
} from '@aws-sdk/client-ec2';
import { awsErrorName } from '@fleetlog/aws-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { answerMockWith } from './client-mock';
import { FakeFleet } from './fake-fleet';
import { LIFECYCLE_TRANSITIONS } from './fake-fleet-model';

const groups = (fleet: FakeFleet, input: DescribeAutoScalingGroupsCommandInput = {}) =>
  fleet.autoScaling.send<DescribeAutoScalingGroupsCommandOutput>(
    new DescribeAutoScalingGroupsCommand(input),
  );
const instances = (fleet: FakeFleet, input: DescribeInstancesCommandInput = {}) =>
  fleet.ec2.send<DescribeInstancesCommandOutput>(new DescribeInstancesCommand(input));
const complete = (fleet: FakeFleet, input: CompleteLifecycleActionCommandInput) =>
  fleet.autoScaling.send(new CompleteLifecycleActionCommand(input));
const ids = (out: DescribeInstancesCommandOutput) =>
  (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId);
/** What lifecycle-sync's isNoActiveLifecycleAction matches. */
const noActiveAction = (error: unknown) =>
  awsErrorName(error) === 'ValidationError' &&
  /no active lifecycle action/i.test((error as Error).message);

function fleetOf(groupCount: number, perGroup: number): FakeFleet {
  const fleet = new FakeFleet();
  for (let g = 0; g < groupCount; g++) {
    fleet.addGroup(`web-${String(g).padStart(3, '0')}`, { tags: { app: `app-${g}` } });
    for (let i = 0; i < perGroup; i++) {
      fleet.addInstance(`web-${String(g).padStart(3, '0')}`, { privateIp: `10.${g}.0.${i}` });
    }
  }
  return fleet;
}

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

describe('FakeFleet: DescribeInstances', () => {
  it('pages by MaxResults (5 to 1,000) and filters by the group tag', async () => {
    const fleet = fleetOf(3, 700);
    const filter = [{ Name: 'tag:aws:autoscaling:groupName', Values: ['web-000', 'web-002'] }];
    const first = await instances(fleet, { Filters: filter, MaxResults: 1000 });
    expect(ids(first)).toHaveLength(1000);
    const second = await instances(fleet, {
      Filters: filter,
      MaxResults: 1000,
      NextToken: first.NextToken,
    });
    expect(ids(second)).toHaveLength(400);
    expect(second.NextToken).toBeUndefined();
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(1400);
    await expect(instances(fleet, { MaxResults: 4 })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(instances(fleet, { MaxResults: 1001 })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('refuses more than 200 values in a filter and filters it does not know', async () => {
    const fleet = fleetOf(1, 1);
    const many = Array.from({ length: 201 }, (_, i) => `i-${i}`);
    await expect(
      instances(fleet, { Filters: [{ Name: 'instance-id', Values: many }] }),
    ).rejects.toMatchObject({ name: 'FilterLimitExceeded' });
    await expect(
      instances(fleet, { Filters: [{ Name: 'vpc-id', Values: ['v'] }] }),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('misses an untagged instance by group tag but finds it by id; never finds one EC2 lacks', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web');
    fleet.addInstance('web', { id: 'i-new', privateIp: '10.0.0.9', tagged: false });
    fleet.addInstance('web', { id: 'i-ghost', inEc2: false });
    const byTag = [{ Name: 'tag:aws:autoscaling:groupName', Values: ['web'] }];
    expect(ids(await instances(fleet, { Filters: byTag }))).toEqual([]);
    const byId = await instances(fleet, {
      Filters: [{ Name: 'instance-id', Values: ['i-new', 'i-ghost'] }],
    });
    expect(ids(byId)).toEqual(['i-new']);
    expect(byId.Reservations?.[0].Instances?.[0].PrivateIpAddress).toBe('10.0.0.9');
    expect(ids(await instances(fleet, { InstanceIds: ['i-new'] }))).toEqual(['i-new']);
    fleet.describeInstancesReturnsNothing = true;
    expect(ids(await instances(fleet, { InstanceIds: ['i-new'] }))).toEqual([]);
  });

  it('reports addresses of running instances; a terminated one is terminated, without them', async () => {
    const fleet = new FakeFleet();
    fleet.addGroup('web');
    fleet.addInstance('web', {
      id: 'i-1',
      privateIp: '10.0.0.1',
      publicIp: '203.0.113.1',
      ipv6: '2001:db8::1',
    });
    fleet.addInstance('web', { id: 'i-2', privateIp: '10.0.0.2' });
    fleet.terminate('i-2');
    const all = (await instances(fleet)).Reservations?.[0].Instances ?? [];
    expect(all[0]).toMatchObject({
      State: { Name: 'running' },
      PrivateIpAddress: '10.0.0.1',
      PublicIpAddress: '203.0.113.1',
      Ipv6Address: '2001:db8::1',
      Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'web' }],
    });
    expect(all[1]).toMatchObject({ InstanceId: 'i-2', State: { Name: 'terminated' } });
    expect(all[1].PrivateIpAddress).toBeUndefined();
    const running = await instances(fleet, {
      Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }],
    });
    expect(ids(running)).toEqual(['i-1']);
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

describe('FakeFleet as clients', () => {
  it('counts every call per client and in one log across both, and can forget them', async () => {
    const fleet = fleetOf(1, 1);
    await groups(fleet);
    await instances(fleet);
    await groups(fleet);
    expect(fleet.calls).toEqual([
      'DescribeAutoScalingGroups',
      'DescribeInstances',
      'DescribeAutoScalingGroups',
    ]);
    expect(fleet.autoScaling.count('DescribeAutoScalingGroups')).toBe(2);
    expect(fleet.ec2.total).toBe(1);
    fleet.resetCalls();
    expect([fleet.calls.length, fleet.autoScaling.total, fleet.ec2.total]).toEqual([0, 0, 0]);
  });

  it('refuses operations it does not implement', async () => {
    const fleet = new FakeFleet();
    await expect(fleet.autoScaling.send(new DescribeScalingActivitiesCommand({}))).rejects.toThrow(
      'FakeFleet: Auto Scaling does not implement DescribeScalingActivities',
    );
  });

  it('waits its latency before each answer, so concurrent requests interleave', async () => {
    const latency = jest.fn(() => 1);
    const fleet = new FakeFleet({ latency });
    fleet.addGroup('web');
    let answered = false;
    const pending = groups(fleet).then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    await pending;
    await instances(fleet);
    expect(latency).toHaveBeenCalledTimes(2);
  });

  it('answers mocked SDK clients, which keep recording the calls', async () => {
    const autoScaling = new AutoScalingClient({ region: 'us-east-1' });
    const ec2 = new EC2Client({ region: 'us-east-1' });
    const asgMock = mockClient(autoScaling);
    const ec2Mock = mockClient(ec2);
    try {
      const fleet = fleetOf(2, 2);
      answerMockWith(asgMock, fleet.autoScaling);
      answerMockWith(ec2Mock, fleet.ec2);
      const out = await autoScaling.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 1 }));
      expect(out.NextToken).toBe('1');
      expect(ids(await ec2.send(new DescribeInstancesCommand({})))).toHaveLength(4);
      expect(asgMock.commandCalls(DescribeAutoScalingGroupsCommand)).toHaveLength(1);
      expect(fleet.calls).toEqual(['DescribeAutoScalingGroups', 'DescribeInstances']);
    } finally {
      asgMock.restore();
      ec2Mock.restore();
    }
  });
});
