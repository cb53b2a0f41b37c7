// Launch lifecycle actions: mapping, completion, foreign hooks, opt-in and failures.
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { CHECKOUT, checkoutWorld } from './__fixtures__/checkout-world';
import { launchEvent, launchSuccessfulEvent, terminateEvent } from './__fixtures__/events';
import { STATIC_CSV } from './__fixtures__/harness';

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
