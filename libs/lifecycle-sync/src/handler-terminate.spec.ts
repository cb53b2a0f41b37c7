// Terminate events, the grace period of removed hosts, address reuse and event order.
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { CHECKOUT, checkoutWorld } from './__fixtures__/checkout-world';
import {
  launchEvent,
  scheduledEvent,
  terminateEvent,
  terminateSuccessfulEvent,
} from './__fixtures__/events';
import { parseSyncState } from './sync-state';

describe('terminate, grace period and address reuse', () => {
  async function withTwoInstances() {
    const h = checkoutWorld({ GRACE_PERIOD_MINUTES: '15' });
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.fleet.launch('checkout-asg', { id: 'i-2', privateIp: '10.0.1.8' }, 'tok-2');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    await h.handler(launchEvent('checkout-asg', 'i-2', 'tok-2', CHECKOUT));
    return h;
  }

  it('keeps a terminating instance mapped, then keeps its host for the grace period only', async () => {
    const h = await withTwoInstances();
    h.fleet.group('checkout-asg').instances[0].lifecycleState = 'Terminating:Wait';
    h.fleet.pendingActions.add('tok-t');
    const onHook = await h.handler(terminateEvent('checkout-asg', 'i-1', 'tok-t', CHECKOUT));
    expect(onHook).toMatchObject({ completed: true, written: false });
    expect(h.mapOf()['10.0.1.7']).toBe('checkout');

    h.fleet.terminate('i-1');
    h.clock.now += 60_000;
    const gone = await h.handler(terminateSuccessfulEvent('checkout-asg', 'i-1'));
    expect(gone).toMatchObject({ ok: true, inGrace: 1, completed: null });
    expect(h.mapOf()['10.0.1.7']).toBe('checkout');
    const state = parseSyncState(h.s3.text(REFERENCE_KEYS.syncState) ?? '').state;
    expect(state.removedHosts).toEqual([
      {
        host: '10.0.1.7',
        applicationName: 'checkout',
        contact: 'team-checkout@example.com',
        expiresAt: h.clock.now + 15 * 60_000,
      },
    ]);

    h.clock.now += 14 * 60_000; // still inside the grace period
    await h.handler(scheduledEvent());
    expect(h.mapOf()['10.0.1.7']).toBe('checkout');

    h.clock.now += 60_000; // grace over
    const expired = await h.handler(scheduledEvent());
    expect(expired).toMatchObject({ written: true, removed: ['10.0.1.7'], inGrace: 0 });
    expect(h.mapOf()).toEqual({
      '10.0.1.8': 'checkout',
      '192.0.2.10': 'legacy-batch',
      '192.0.2.11': 'partner-proxy',
    });
  });

  it('state written before names were checked cannot stop the sync: bad cached names are dropped', async () => {
    const h = checkoutWorld();
    // An old sync-state.json: a cached hook opt-in and a host in grace whose names CloudWatch refuses.
    h.s3.seed(
      REFERENCE_KEYS.syncState,
      JSON.stringify({
        version: 1,
        removedHosts: [
          {
            host: '10.0.9.9',
            applicationName: 'caf\u00e9',
            contact: null,
            expiresAt: h.clock.now + 600_000,
          },
          {
            host: '10.0.9.8',
            applicationName: 'reports',
            contact: null,
            expiresAt: h.clock.now + 600_000,
          },
        ],
        groups: { 'checkout-asg': { applicationName: 'check\tout', contact: null } },
      }),
    );
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');

    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1'));

    expect(result).toMatchObject({ ok: true, written: true, completed: true });
    expect(h.mapOf()).toEqual({
      '10.0.1.7': 'checkout', // from the hook, re-read because the cached entry was dropped
      '10.0.9.8': 'reports',
      '192.0.2.10': 'legacy-batch',
      '192.0.2.11': 'partner-proxy',
    });
    const state = parseSyncState(h.s3.text(REFERENCE_KEYS.syncState) ?? '').state;
    expect(state.groups['checkout-asg']).toEqual({
      applicationName: 'checkout',
      contact: 'team-checkout@example.com',
    });
    expect(state.removedHosts.map((r) => r.host)).toEqual(['10.0.9.8']);
  });

  it('a new instance reusing an address in grace takes it over at once', async () => {
    const h = await withTwoInstances();
    h.fleet.addGroup('search-asg', { tags: { 'fleetlog:application': 'search' } });
    h.fleet.terminate('i-1');
    await h.handler(terminateSuccessfulEvent('checkout-asg', 'i-1'));
    expect(h.mapOf()['10.0.1.7']).toBe('checkout');

    h.fleet.launch('search-asg', { id: 'i-3', privateIp: '10.0.1.7' }, 'tok-3');
    const result = await h.handler(launchEvent('search-asg', 'i-3', 'tok-3'));

    expect(result.changed).toEqual(['10.0.1.7']);
    expect(h.mapOf()['10.0.1.7']).toBe('search');
    expect(parseSyncState(h.s3.text(REFERENCE_KEYS.syncState) ?? '').state.removedHosts).toEqual(
      [],
    );
  });

  it('terminate before launch: a late launch event of a gone instance adds nothing', async () => {
    const h = checkoutWorld();
    // The instance launched and was terminated; its events arrive in the wrong order.
    h.fleet.pendingActions.add('tok-t');
    const terminate = await h.handler(terminateEvent('checkout-asg', 'i-7', 'tok-t', CHECKOUT));
    const launch = await h.handler(launchEvent('checkout-asg', 'i-7', 'tok-l', CHECKOUT));
    expect(terminate).toMatchObject({ ok: true, completion: 'completed' });
    expect(launch).toMatchObject({ ok: true, completion: 'already-done' });
    expect(h.mapOf()).toEqual({ '192.0.2.10': 'legacy-batch', '192.0.2.11': 'partner-proxy' });
  });

  it('the result depends on the fleet, not on the order of events', async () => {
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ];
    const maps: string[] = [];
    for (const order of orders) {
      const h = checkoutWorld();
      const ids = ['i-a', 'i-b', 'i-c', 'i-d'];
      ids.forEach((id, n) =>
        h.fleet.launch('checkout-asg', { id, privateIp: `10.0.2.${n + 1}` }, `tok-${id}`),
      );
      h.fleet.terminate('i-c');
      const events = [
        launchEvent('checkout-asg', 'i-a', 'tok-i-a', CHECKOUT),
        launchEvent('checkout-asg', 'i-b', 'tok-i-b', CHECKOUT),
        terminateSuccessfulEvent('checkout-asg', 'i-c'),
        launchEvent('checkout-asg', 'i-d', 'tok-i-d', CHECKOUT),
      ];
      for (const index of order) await h.handler(events[index]);
      maps.push(h.s3.text(REFERENCE_KEYS.map) ?? '');
    }
    expect(new Set(maps).size).toBe(1);
    expect(maps[0]).not.toContain('10.0.2.3');
  });
});
