// The requirements of issue 4, one test each.
import { CompleteLifecycleActionCommand } from '@aws-sdk/client-auto-scaling';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { CHECKOUT, checkoutWorld } from './__fixtures__/checkout-world';
import { launchEvent, scheduledEvent, terminateEvent } from './__fixtures__/events';
import { asgMock, createHarness, s3Mock } from './__fixtures__/harness';
import { DEFAULT_WRITE_RETRY } from './sync';

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
