import { FleetEventBuilder } from './fleet-events';
import { GROUPS } from './__fixtures__/groups';
import { completeAction } from './__fixtures__/lifecycle-actions';
import { SimulatedFleet } from './simulated-fleet';

const T = Date.parse('2026-01-01T10:00:00Z');

describe('FleetEventBuilder', () => {
  it('makes launch events with the hook metadata of a group that opts in that way', () => {
    const f = new SimulatedFleet(GROUPS);
    const events = new FleetEventBuilder(f);
    const { instance, action } = f.launch('asg-checkout', T);
    const event = events.lifecycleAction(action, T);
    expect(event).toMatchObject({
      id: 'event-1',
      'detail-type': 'EC2 Instance-launch Lifecycle Action',
      source: 'aws.autoscaling',
      time: new Date(T).toISOString(),
    });
    expect(event.detail).toMatchObject({
      LifecycleActionToken: action.token,
      AutoScalingGroupName: 'asg-checkout',
      LifecycleHookName: 'fleetlog-launch',
      EC2InstanceId: instance.instanceId,
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
      NotificationMetadata: JSON.stringify({
        applicationName: 'checkout',
        contact: 'c@example.com',
      }),
    });
    // A group opted in through tags has no metadata on its hooks.
    const tagged = f.launch('asg-search', T);
    expect(events.lifecycleAction(tagged.action, T).detail).not.toHaveProperty(
      'NotificationMetadata',
    );
  });

  it('makes the terminate action, the termination and the scheduled events, numbered in order', async () => {
    const f = new SimulatedFleet(GROUPS);
    const events = new FleetEventBuilder(f);
    const { instance, action } = f.launch('asg-checkout', T);
    await completeAction(f, action);
    const terminate = events.lifecycleAction(f.terminate(instance.instanceId, T).action, T);
    expect(terminate['detail-type']).toBe('EC2 Instance-terminate Lifecycle Action');
    expect(terminate.detail['LifecycleActionToken']).toBe(`token-${instance.instanceId}-terminate`);
    const done = events.terminateSuccessful(
      f.terminateSuccessful(instance.instanceId, T + 60_000),
      T + 60_000,
    );
    expect(done['detail-type']).toBe('EC2 Instance Terminate Successful');
    expect(done.detail).toMatchObject({
      EC2InstanceId: instance.instanceId,
      AutoScalingGroupName: 'asg-checkout',
      ActivityId: 'activity-2',
    });
    const scheduled = events.scheduled(T + 120_000);
    expect(scheduled).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events' });
    expect([terminate.id, done.id, scheduled.id]).toEqual(['event-1', 'event-2', 'event-3']);
  });
});
