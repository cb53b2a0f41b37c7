import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import {
  launchEvent,
  launchSuccessfulEvent,
  metadataJson,
  objectCreatedEvent,
  scheduledEvent,
  terminateEvent,
  terminateSuccessfulEvent,
} from './__fixtures__/events';
import { asgMock, BUCKET, createHarness, s3Mock, STATIC_CSV } from './__fixtures__/harness';
import { DEFAULT_WRITE_RETRY } from './sync';
import { parseSyncState } from './sync-state';

const CHECKOUT = metadataJson('checkout', 'team-checkout@example.com');

function checkoutWorld(env: Record<string, string> = {}) {
  const h = createHarness({ WATCHED_GROUPS: 'checkout-asg', ...env });
  h.fleet.addGroup('checkout-asg', { hooks: [{ name: 'fleetlog-launch', metadata: CHECKOUT }] });
  h.s3.seed(REFERENCE_KEYS.staticHosts, STATIC_CSV);
  return h;
}

describe('launch lifecycle action', () => {
  it('maps the launching instance (Pending:Wait), keeps static rows, then completes with CONTINUE', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');

    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));

    expect(result).toMatchObject({
      ok: true,
      ignored: false,
      written: true,
      completed: true,
      completion: 'completed',
    });
    expect(result.added).toEqual(['10.0.1.7', '192.0.2.10', '192.0.2.11']);
    expect(h.mapRows()).toEqual([
      { host: '10.0.1.7', applicationName: 'checkout', contact: 'team-checkout@example.com' },
      { host: '192.0.2.10', applicationName: 'legacy-batch', contact: 'ops@example.com' },
      { host: '192.0.2.11', applicationName: 'partner-proxy', contact: null },
    ]);
    expect(h.fleet.completed).toEqual([
      expect.objectContaining({
        AutoScalingGroupName: 'checkout-asg',
        LifecycleHookName: 'fleetlog-launch',
        LifecycleActionToken: 'tok-1',
        InstanceId: 'i-1',
        LifecycleActionResult: 'CONTINUE',
      }),
    ]);
    expect(h.s3.text(REFERENCE_KEYS.staticHosts)).toBe(STATIC_CSV);
  });

  it('finds the launching instance by id when the group-tag query misses it', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-2', privateIp: '10.0.1.8', tagged: false }, 'tok');
    await h.handler(launchEvent('checkout-asg', 'i-2', 'tok', CHECKOUT));
    expect(h.mapOf()['10.0.1.8']).toBe('checkout');
  });

  it('handles duplicate events: same map, second completion counts as done', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    const event = launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT);
    await h.handler(event);
    const map = h.s3.text(REFERENCE_KEYS.map);
    const puts = h.s3.puts;

    const again = await h.handler(event);

    expect(again).toMatchObject({
      ok: true,
      written: false,
      completed: true,
      completion: 'already-done',
    });
    expect(h.s3.text(REFERENCE_KEYS.map)).toBe(map);
    expect(h.s3.puts).toBe(puts);
  });

  it('"No active Lifecycle Action found" counts as done, not as a failure', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.fleet.pendingActions.clear(); // timed out or completed elsewhere
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({
      ok: true,
      completed: true,
      completion: 'already-done',
      failureMetric: false,
    });
    expect(h.metrics).toEqual([]);
  });

  it("leaves another team's hook alone: never completes it, touches nothing, says why", async () => {
    const h = checkoutWorld();
    h.fleet.addGroup('other-asg', { hooks: [{ name: 'their-hook' }] });
    h.fleet.launch('other-asg', { id: 'i-9', privateIp: '10.9.0.1' }, 'tok-9');
    h.resetCalls();

    const result = await h.handler(
      launchEvent('other-asg', 'i-9', 'tok-9', undefined, 'their-hook'),
    );

    expect(result).toMatchObject({ ok: true, ignored: true, written: false, completed: null });
    expect(result.reason).toMatch(/"their-hook" is not a fleetlog hook/);
    expect(h.fleet.pendingActions.has('tok-9')).toBe(true);
    expect(h.fleet.completed).toEqual([]);
    expect(h.callNames()).toEqual([]);
    expect(h.s3.text(REFERENCE_KEYS.map)).toBeUndefined();
    const warning = h.logs.find((l) => l.level === 'warn' && l.message.includes('foreign hook'));
    expect(warning?.extra[0]).toMatchObject({ groupName: 'other-asg', hookName: 'their-hook' });
  });

  it("refuses a foreign hook's action even on an opted-in group (a drain hook beside ours)", async () => {
    const h = checkoutWorld();
    h.fleet.group('checkout-asg').hooks.push({ name: 'ops-drain' });
    h.fleet.group('checkout-asg').instances.push({
      id: 'i-1',
      lifecycleState: 'Terminating:Wait',
      privateIp: '10.0.1.7',
    });
    h.fleet.pendingActions.add('tok-drain');
    h.fleet.pendingActions.add('tok-ours');

    const drain = await h.handler(
      terminateEvent('checkout-asg', 'i-1', 'tok-drain', CHECKOUT, 'ops-drain'),
    );
    // A name that merely contains ours is not ours: the prefix decides.
    const lookalike = await h.handler(
      terminateEvent('checkout-asg', 'i-1', 'tok-drain', CHECKOUT, 'ops-fleetlog-terminate'),
    );
    const ours = await h.handler(terminateEvent('checkout-asg', 'i-1', 'tok-ours', CHECKOUT));

    expect(drain).toMatchObject({ ignored: true, completed: null });
    expect(lookalike).toMatchObject({ ignored: true, completed: null });
    expect(ours).toMatchObject({ ok: true, completed: true, completion: 'completed' });
    expect(h.fleet.pendingActions.has('tok-drain')).toBe(true);
    expect(h.fleet.completed.map((c) => c.LifecycleHookName)).toEqual(['fleetlog-terminate']);
  });

  it('completes a fleetlog hook of a group that is not opted in, without touching S3', async () => {
    const h = checkoutWorld();
    h.fleet.addGroup('other-asg', { hooks: [{ name: 'fleetlog-launch' }] });
    h.fleet.launch('other-asg', { id: 'i-9', privateIp: '10.9.0.1' }, 'tok-9');

    const result = await h.handler(launchEvent('other-asg', 'i-9', 'tok-9'));

    expect(result).toMatchObject({ ok: true, ignored: true, written: false, completed: true });
    expect(h.s3.text(REFERENCE_KEYS.map)).toBeUndefined();
    expect(h.fleet.pendingActions.has('tok-9')).toBe(false);
  });

  it('follows a tag-opted group without a fleetlog hook through Launch Successful', async () => {
    const h = checkoutWorld();
    h.fleet.addGroup('tagged-asg', {
      hooks: [{ name: 'their-bootstrap' }],
      tags: { 'fleetlog:application': 'search' },
    });
    h.fleet.launch('tagged-asg', { id: 'i-6', privateIp: '10.6.0.1' }, 'tok-6');

    const refused = await h.handler(
      launchEvent('tagged-asg', 'i-6', 'tok-6', undefined, 'their-bootstrap'),
    );
    const launched = await h.handler(launchSuccessfulEvent('tagged-asg', 'i-6'));

    expect(refused).toMatchObject({ ignored: true, completed: null });
    expect(h.fleet.pendingActions.has('tok-6')).toBe(true);
    expect(launched).toMatchObject({ trigger: 'fleet-change', ok: true, written: true });
    expect(h.mapOf()['10.6.0.1']).toBe('search');
  });

  it('logs NotificationMetadata that is not JSON with the ids, and completes the action', async () => {
    const h = checkoutWorld();
    h.fleet.addGroup('odd-asg', { hooks: [{ name: 'fleetlog-launch', metadata: 'app=checkout' }] });
    h.fleet.launch('odd-asg', { id: 'i-5', privateIp: '10.5.0.1' }, 'tok-5');

    const result = await h.handler(launchEvent('odd-asg', 'i-5', 'tok-5', 'app=checkout'));

    expect(result).toMatchObject({ ignored: true, completed: true });
    const warning = h.logs.find((l) => l.level === 'warn' && l.message.includes('metadata'));
    expect(warning?.extra[0]).toMatchObject({
      groupName: 'odd-asg',
      instanceId: 'i-5',
      reason: 'NotificationMetadata is not JSON',
    });
  });

  it('opts a group in by its tags when the hook metadata is not JSON', async () => {
    const h = checkoutWorld();
    h.fleet.addGroup('tagged-asg', {
      hooks: [{ name: 'fleetlog-launch', metadata: 'not json' }],
      tags: { 'fleetlog:application': 'search', 'fleetlog:contact': 'search@example.com' },
    });
    h.fleet.launch('tagged-asg', { id: 'i-6', privateIp: '10.6.0.1' }, 'tok-6');
    await h.handler(launchEvent('tagged-asg', 'i-6', 'tok-6', 'not json'));
    expect(h.mapRows()).toContainEqual({
      host: '10.6.0.1',
      applicationName: 'search',
      contact: 'search@example.com',
    });
  });

  it('logs an instance without an address, maps the others, still completes', async () => {
    const h = checkoutWorld();
    h.fleet
      .group('checkout-asg')
      .instances.push({ id: 'i-0', lifecycleState: 'InService', privateIp: '10.0.1.1' });
    h.fleet.launch('checkout-asg', { id: 'i-1' }, 'tok-1'); // no private IP
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({ ok: true, completed: true });
    expect(result.withoutAddress).toEqual([{ instanceId: 'i-1', groupName: 'checkout-asg' }]);
    expect(h.mapOf()['10.0.1.1']).toBe('checkout');
    expect(h.logs.some((l) => l.level === 'warn' && l.extra[0]?.['instanceId'] === 'i-1')).toBe(
      true,
    );
  });

  it('survives DescribeInstances returning nothing: no live host, static rows kept, action completed', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.fleet.describeInstancesReturnsNothing = true;
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({
      ok: true,
      completed: true,
      withoutAddress: [{ instanceId: 'i-1' }],
    });
    expect(h.mapOf()).toEqual({ '192.0.2.10': 'legacy-batch', '192.0.2.11': 'partner-proxy' });
  });

  it('when the write fails every time: completes the action, logs an error, publishes the metric', async () => {
    const h = checkoutWorld({ METRICS_NAMESPACE: 'FleetLogTest' });
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.s3.failPutsWith = awsError('PreconditionFailed', { status: 412 });

    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));

    expect(result).toMatchObject({
      ok: false,
      completed: true,
      completion: 'completed',
      failureMetric: true,
    });
    expect(result.error).toContain('PreconditionFailed');
    expect(h.metrics).toEqual([
      {
        Namespace: 'FleetLogTest',
        MetricData: [
          expect.objectContaining({ MetricName: 'LifecycleSyncFailures', Value: 1, Unit: 'Count' }),
        ],
      },
    ]);
    expect(h.logs.some((l) => l.level === 'error' && l.message === 'lifecycle sync failed')).toBe(
      true,
    );
    expect(h.fleet.pendingActions.size).toBe(0);
  });

  it('a non-conflict write error is not retried and still completes the action', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.s3.failPutsWith = awsError('AccessDenied', { status: 403 });
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({ ok: false, completed: true, failureMetric: true });
    expect(h.callNames().filter((name) => name === 'PutObjectCommand')).toHaveLength(1);
  });

  it('an invalid static-hosts.csv stops the write (static rows are never lost) and is reported', async () => {
    const h = checkoutWorld();
    h.s3.seed(
      REFERENCE_KEYS.map,
      'Host,ApplicationName,Contact\n192.0.2.10,legacy-batch,ops@example.com\n',
    );
    const before = h.s3.text(REFERENCE_KEYS.map);
    h.s3.seed(REFERENCE_KEYS.staticHosts, 'Host,ApplicationName,Contact\nnot-an-ip,x,\n');
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({ ok: false, completed: true, failureMetric: true });
    expect(result.error).toMatch(/static-hosts\.csv is invalid: line 2/);
    expect(h.s3.text(REFERENCE_KEYS.map)).toBe(before);
  });
});

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

describe('requirements of issue 4, one by one', () => {
  it('completes the action only after the map was written', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    const [complete] = asgMock.commandCalls(CompleteLifecycleActionCommand);
    const puts = s3Mock.commandCalls(PutObjectCommand);
    const mapPut = puts.find((call) => call.args[0].input.Key === REFERENCE_KEYS.map);
    expect(mapPut).toBeDefined();
    // sinon orders the calls of all stubs in one sequence.
    expect(complete.calledAfter(mapPut as unknown as typeof complete)).toBe(true);
    expect((mapPut as unknown as typeof complete).calledAfter(complete)).toBe(false);
  });

  it('retries a write conflict a bounded number of times, then completes with CONTINUE', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.s3.failPutsWith = awsError('PreconditionFailed', { status: 412 });
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({ ok: false, completed: true, failureMetric: true });
    // DEFAULT_WRITE_RETRY.attempts read-render-write cycles, one PutObject each, then give up.
    expect(h.callNames().filter((name) => name === 'PutObjectCommand')).toHaveLength(
      DEFAULT_WRITE_RETRY.attempts,
    );
    expect(h.fleet.completed).toEqual([
      expect.objectContaining({ InstanceId: 'i-1', LifecycleActionResult: 'CONTINUE' }),
    ]);
  });

  it('re-reads and retries after a 409 ConditionalRequestConflict', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    h.s3.nextPutErrors.push(awsError('ConditionalRequestConflict', { status: 409 }));
    const result = await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    expect(result).toMatchObject({ ok: true, written: true, attempts: 2, failureMetric: false });
    expect(h.mapOf()['10.0.1.7']).toBe('checkout');
    expect(h.metrics).toEqual([]);
  });

  it('publishes LifecycleSyncFailures when a scheduled sync fails (no action to complete)', async () => {
    const h = checkoutWorld();
    h.s3.failPutsWith = awsError('AccessDenied', { status: 403 });
    h.fleet.group('checkout-asg').instances.push({
      id: 'i-0',
      lifecycleState: 'InService',
      privateIp: '10.0.1.1',
    });
    const result = await h.handler(scheduledEvent());
    expect(result).toMatchObject({ ok: false, completed: null, failureMetric: true });
    expect(h.metrics[0].MetricData?.[0]).toMatchObject({ MetricName: 'LifecycleSyncFailures' });
  });

  it('opts a group in by configurable tag keys; the default keys then mean nothing', async () => {
    const h = createHarness({ TAG_KEY_APPLICATION: 'acme:app', TAG_KEY_CONTACT: 'acme:owner' });
    h.fleet.addGroup('acme-asg', {
      tags: { 'acme:app': 'shop', 'acme:owner': 'shop@example.com' },
    });
    h.fleet.addGroup('plain-asg', { tags: { 'fleetlog:application': 'ignored' } });
    h.fleet.launch('acme-asg', { id: 'i-1', privateIp: '10.7.0.1' }, 'tok-1');
    h.fleet.launch('plain-asg', { id: 'i-2', privateIp: '10.7.0.2' }, 'tok-2');

    const plain = await h.handler(launchEvent('plain-asg', 'i-2', 'tok-2'));
    const acme = await h.handler(launchEvent('acme-asg', 'i-1', 'tok-1'));

    expect(plain).toMatchObject({ ignored: true, completed: true });
    expect(acme).toMatchObject({ ok: true, written: true, completed: true });
    expect(h.mapRows()).toEqual([
      { host: '10.7.0.1', applicationName: 'shop', contact: 'shop@example.com' },
    ]);
  });

  it('repairs a lost launch event on the scheduled reconcile', async () => {
    const h = checkoutWorld();
    h.fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
    await h.handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
    // i-2 launches, but its event never arrives.
    h.fleet.group('checkout-asg').instances.push({
      id: 'i-2',
      lifecycleState: 'InService',
      privateIp: '10.0.1.8',
    });
    const result = await h.handler(scheduledEvent());
    expect(result).toMatchObject({ ok: true, written: true, added: ['10.0.1.8'] });
    expect(h.mapOf()['10.0.1.8']).toBe('checkout');
  });

  it('terminate lifecycle action of a group that is not opted in: completed, S3 untouched', async () => {
    const h = checkoutWorld();
    h.fleet.addGroup('other-asg', {
      instances: [{ id: 'i-9', lifecycleState: 'Terminating:Wait', privateIp: '10.9.0.1' }],
    });
    h.fleet.pendingActions.add('tok-9');
    h.resetCalls();
    const result = await h.handler(terminateEvent('other-asg', 'i-9', 'tok-9'));
    expect(result).toMatchObject({ ok: true, ignored: true, completed: true });
    expect(h.fleet.completed).toEqual([
      expect.objectContaining({ InstanceId: 'i-9', LifecycleActionResult: 'CONTINUE' }),
    ]);
    expect(h.callNames().filter((name) => name === 'PutObjectCommand')).toEqual([]);
  });
});

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
