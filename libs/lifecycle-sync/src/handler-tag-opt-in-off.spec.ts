// TAG_OPT_IN=false: only watched groups, by their hook metadata.
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CHECKOUT, checkoutWorld } from './__fixtures__/checkout-world';
import { launchEvent, scheduledEvent } from './__fixtures__/events';
import { asgMock } from './__fixtures__/harness';

describe('tag opt-in switched off (TAG_OPT_IN=false)', () => {
  it('keeps tagged groups out of the map and never looks groups up by tag', async () => {
    const h = checkoutWorld({ TAG_OPT_IN: 'false' });
    h.fleet.addGroup('tagged-asg', { tags: { 'fleetlog:application': 'search' } });
    h.fleet.group('tagged-asg').instances.push({
      id: 'i-6',
      lifecycleState: 'InService',
      privateIp: '10.6.0.1',
    });
    h.fleet.group('checkout-asg').instances.push({
      id: 'i-1',
      lifecycleState: 'InService',
      privateIp: '10.0.1.7',
    });

    const result = await h.handler(scheduledEvent());

    expect(result).toMatchObject({ ok: true, written: true });
    expect(h.mapOf()).toEqual({
      '10.0.1.7': 'checkout',
      '192.0.2.10': 'legacy-batch',
      '192.0.2.11': 'partner-proxy',
    });
    const byTag = asgMock
      .commandCalls(DescribeAutoScalingGroupsCommand)
      .filter((call) => call.args[0].input.Filters !== undefined);
    expect(byTag).toEqual([]);
  });

  it('opts a watched group in by its hook metadata, not by its tags', async () => {
    const h = checkoutWorld({ TAG_OPT_IN: 'false' });
    h.fleet.group('checkout-asg').tags = { 'fleetlog:application': 'by-tag' };
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(h.mapOf()['10.0.1.7']).toBe('checkout');
  });
});
