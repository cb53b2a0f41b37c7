import { GROUPS } from './__fixtures__/groups';
import { SimulatedFleet } from './simulated-fleet';

const T = Date.parse('2026-01-01T10:00:00Z');

describe('SimulatedFleet', () => {
  it('keeps a launch pending until its lifecycle action is completed, once', () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance, action } = f.launch('asg-checkout', T);
    expect(instance.state).toBe('Pending:Wait');
    expect(action).toEqual({
      token: `token-${instance.instanceId}-launch`,
      instanceId: instance.instanceId,
      group: 'asg-checkout',
      transition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    });
    expect(f.openActions()).toEqual([action]);
    expect(f.inService()).toEqual([]);

    expect(f.completeAction({ token: action.token, result: 'CONTINUE' })).toBe(true);
    expect(f.inService().map((i) => i.instanceId)).toEqual([instance.instanceId]);
    expect(f.openActions()).toEqual([]);
    // Completing twice finds nothing open.
    expect(f.completeAction({ token: action.token, result: 'CONTINUE' })).toBe(false);
  });

  it('ends an abandoned launch', () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance } = f.launch('asg-checkout', T);
    f.completeAction({ instanceId: instance.instanceId, group: 'asg-checkout', result: 'ABANDON' });
    expect(instance.state).toBe('Terminated');
  });

  it('takes an instance through scale-in, recording both scale events', () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance } = f.launch('asg-checkout', T);
    // By instance and group, as CompleteLifecycleAction allows without a token.
    f.completeAction({
      instanceId: instance.instanceId,
      group: 'asg-checkout',
      result: 'CONTINUE',
    });
    const { action } = f.terminate(instance.instanceId, T + 60_000);
    expect(instance.state).toBe('Terminating:Wait');
    expect(action.transition).toBe('autoscaling:EC2_INSTANCE_TERMINATING');
    expect(f.inService()).toEqual([]);
    f.completeAction({ token: action.token, result: 'CONTINUE' });
    expect(instance.state).toBe('Terminating:Proceed');
    expect(f.terminateSuccessful(instance.instanceId, T + 120_000)).toBe(instance);
    expect(instance).toMatchObject({ state: 'Terminated', terminatedAtMs: T + 120_000 });
    expect(f.scaleEvents.map((e) => [e.action, e.instanceId, e.atMs])).toEqual([
      ['launch', instance.instanceId, T],
      ['terminate', instance.instanceId, T + 60_000],
    ]);
    expect(() => f.terminate(instance.instanceId, T)).toThrow('in state Terminated');
  });

  it('gives each group its own subnet, and IPv6 callers their IPv6 address', () => {
    const f = new SimulatedFleet(GROUPS);
    const { instance: checkout } = f.launch('asg-checkout', T);
    const { instance: search } = f.launch('asg-search', T);
    expect(checkout.privateIp).toMatch(/^10\.0\.1\./);
    expect(SimulatedFleet.hostOf(checkout)).toBe(checkout.privateIp);
    expect(search.privateIp).toMatch(/^10\.0\.2\./);
    expect(SimulatedFleet.hostOf(search)).toBe(search.ipv6);
    expect(f.allInstances()).toEqual([checkout, search]);
  });
});
