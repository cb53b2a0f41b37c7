import { fleetOf, ids, instances } from './__fixtures__/fleet';
import { FakeFleet } from './fake-fleet';

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
