import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { fleetOf, groups, ids, instances } from './__fixtures__/fleet';
import { answerMockWith } from './client-mock';
import { FakeFleet } from './fake-fleet';

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
