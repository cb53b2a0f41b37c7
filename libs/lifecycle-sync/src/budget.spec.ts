import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import {
  launchEvent,
  metadataJson,
  scheduledEvent,
  terminateEvent,
  terminateSuccessfulEvent,
} from './__fixtures__/events';
import { createHarness, STATIC_CSV } from './__fixtures__/harness';

/** ARCHITECTURE.md section 8: at most 10 AWS API calls per lifecycle event, 1,000 instances in 10 groups. */
const BUDGET = 10;
const GROUPS = Array.from({ length: 10 }, (_, g) => `app${g}-asg`);

function bigFleet(optIn: 'hooks' | 'tags') {
  const h = createHarness(optIn === 'hooks' ? { WATCHED_GROUPS: GROUPS.join(',') } : {});
  GROUPS.forEach((name, g) => {
    const group = h.fleet.addGroup(name, {
      hooks:
        optIn === 'hooks' ? [{ name: 'fleetlog-launch', metadata: metadataJson(`app${g}`) }] : [],
      tags: optIn === 'tags' ? { 'fleetlog:application': `app${g}` } : {},
    });
    for (let n = 0; n < 100; n++) {
      group.instances.push({
        id: `i-${g}-${n}`,
        lifecycleState: 'InService',
        privateIp: `10.${g}.${n >> 8}.${(n % 250) + 1}`,
      });
    }
  });
  h.s3.seed(REFERENCE_KEYS.staticHosts, STATIC_CSV);
  return h;
}

describe('API call budget', () => {
  it.each(['hooks', 'tags'] as const)(
    'one launch event in 1,000 instances / 10 groups (opt-in by %s)',
    async (optIn) => {
      const h = bigFleet(optIn);
      await h.handler(scheduledEvent()); // steady state: map and hook cache exist
      expect(h.mapRows()).toHaveLength(1002);

      // Replace one instance: a launch at Pending:Wait.
      h.fleet.group('app3-asg').instances.pop();
      h.fleet.launch('app3-asg', { id: 'i-new', privateIp: '10.3.9.9' }, 'tok-new');
      h.resetCalls();
      const result = await h.handler(
        launchEvent('app3-asg', 'i-new', 'tok-new', metadataJson('app3')),
      );

      const calls = h.apiCalls();
      expect(result).toMatchObject({ ok: true, written: true, completed: true });
      expect(h.mapOf()['10.3.9.9']).toBe('app3');
      expect(calls).toBeLessThanOrEqual(BUDGET);
      process.stdout.write(
        `[budget] launch, opt-in by ${optIn}: ${calls} calls: ${h.callNames().join(', ')}\n`,
      );
    },
  );

  it('terminate action and terminate-successful events stay within the budget too', async () => {
    const h = bigFleet('hooks');
    await h.handler(scheduledEvent());
    h.fleet.group('app5-asg').instances[0].lifecycleState = 'Terminating:Wait';
    h.fleet.pendingActions.add('tok-t');
    h.resetCalls();
    await h.handler(terminateEvent('app5-asg', 'i-5-0', 'tok-t', metadataJson('app5')));
    const onHook = h.apiCalls();

    h.fleet.terminate('i-5-0');
    h.resetCalls();
    const result = await h.handler(terminateSuccessfulEvent('app5-asg', 'i-5-0'));
    const onTerminated = h.apiCalls();

    expect(result).toMatchObject({ ok: true, inGrace: 1, stateWritten: true });
    expect(onHook).toBeLessThanOrEqual(BUDGET);
    expect(onTerminated).toBeLessThanOrEqual(BUDGET);
    process.stdout.write(
      `[budget] terminate action: ${onHook} calls; terminate successful: ${onTerminated} calls\n`,
    );
  });

  it('the first event after deployment (cold hook cache) costs one DescribeLifecycleHooks per other hook-only group', async () => {
    const h = bigFleet('hooks');
    h.fleet.launch('app3-asg', { id: 'i-new', privateIp: '10.3.9.9' }, 'tok-new');
    await h.handler(launchEvent('app3-asg', 'i-new', 'tok-new', metadataJson('app3')));
    expect(h.callNames().filter((name) => name === 'DescribeLifecycleHooksCommand')).toHaveLength(
      9,
    );
    expect(h.mapRows()).toHaveLength(1003);
  });
});
