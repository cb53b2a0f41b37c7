// Static rows against instances, and the triggers besides lifecycle actions.
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { CHECKOUT, checkoutWorld } from './__fixtures__/checkout-world';
import {
  launchEvent,
  metadataJson,
  objectCreatedEvent,
  scheduledEvent,
  terminateSuccessfulEvent,
} from './__fixtures__/events';
import { BUCKET, STATIC_CSV } from './__fixtures__/harness';

describe('static rows and other triggers', () => {
  it('a static row wins over an instance claiming the same host, with a warning', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '192.0.2.10' }, 'tok-1');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(h.mapOf()['192.0.2.10']).toBe('legacy-batch');
    const warning = h.logs.find(
      (l) => l.level === 'warn' && l.message.startsWith('host claimed twice'),
    );
    expect(warning?.extra[0]).toMatchObject({
      host: '192.0.2.10',
      dropped: 'instance i-1 (checkout)',
    });
  });

  it('re-renders when static-hosts.csv changes, and ignores its own map writes', async () => {
    const h = checkoutWorld();
    await h.handler(scheduledEvent());
    h.s3.seed(REFERENCE_KEYS.staticHosts, `${STATIC_CSV}2001:db8::1,ipv6-proxy,\n`);
    const result = await h.handler(objectCreatedEvent(BUCKET, REFERENCE_KEYS.staticHosts));
    expect(result).toMatchObject({
      trigger: 'static-hosts',
      written: true,
      added: ['2001:db8::1'],
    });

    h.resetCalls();
    const own = await h.handler(objectCreatedEvent(BUCKET, REFERENCE_KEYS.map));
    expect(own).toMatchObject({ trigger: 'irrelevant', ignored: true, ok: true });
    expect(h.apiCalls()).toBe(0);
  });

  it('logs a malformed event with its id and does nothing else', async () => {
    const h = checkoutWorld();
    const result = await h.handler({
      id: 'evt-x',
      'detail-type': 'EC2 Instance-launch Lifecycle Action',
      detail: {},
    });
    expect(result).toMatchObject({
      trigger: 'malformed',
      ok: false,
      ignored: true,
      eventId: 'evt-x',
    });
    expect(h.apiCalls()).toBe(0);
    expect(h.logs.find((l) => l.level === 'error')?.extra[0]).toMatchObject({ eventId: 'evt-x' });
    expect(await h.handler('garbage')).toMatchObject({ trigger: 'malformed', ok: false });
  });

  it('maps public IPv4 and IPv6 addresses when configured', async () => {
    const h = checkoutWorld({ ADDRESS_KINDS: 'public-ipv4,ipv6' });
    h.fleet.launch(
      'checkout-asg',
      { id: 'i-1', privateIp: '10.0.1.7', publicIp: '203.0.113.7', ipv6: '2001:DB8:0:0:0:0:0:7' },
      'tok-1',
    );
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    const map = h.mapOf();
    expect(map['203.0.113.7']).toBe('checkout');
    expect(map['2001:db8::7']).toBe('checkout');
    expect(map['10.0.1.7']).toBeUndefined();
  });

  it('the scheduled run refreshes cached hook metadata', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    h.fleet.group('checkout-asg').hooks[0].metadata = metadataJson('checkout-v2');
    await h.handler(terminateSuccessfulEvent('checkout-asg', 'i-unrelated'));
    expect(h.mapOf()['10.0.1.7']).toBe('checkout'); // cache used between refreshes
    await h.handler(scheduledEvent());
    expect(h.mapOf()['10.0.1.7']).toBe('checkout-v2');
  });

  it('a group that no longer opts in loses its hosts after the grace period', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    h.fleet.group('checkout-asg').hooks = [];
    await h.handler(scheduledEvent());
    expect(h.mapOf()['10.0.1.7']).toBe('checkout'); // in grace
    h.clock.now += 16 * 60_000;
    await h.handler(scheduledEvent());
    expect(h.mapOf()['10.0.1.7']).toBeUndefined();
  });
});
