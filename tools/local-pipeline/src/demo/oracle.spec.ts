import { UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import { FIXED_NOW_MS, smallScenario } from '../__fixtures__/e2e-support';
import { completeAction } from '../fleet/__fixtures__/lifecycle-actions';
import { SimulatedFleet } from '../fleet/simulated-fleet';
import { DemoOracle } from './oracle';

const line = (host: string, epochMs: number, malformed = false) => ({
  line: `${host} - - [...] "GET / HTTP/1.1" 200 1`,
  host,
  epochMs,
  malformed,
});

describe('DemoOracle', () => {
  it('counts each line under the application of its caller at the time, by bucket', async () => {
    const s = smallScenario();
    const oracle = new DemoOracle(s);
    const fleet = new SimulatedFleet(s.groups);
    const { instance, action } = fleet.launch('asg-checkout', s.startMs);
    await completeAction(fleet, action);
    const staticHost = s.staticHosts[0];
    const t = s.startMs + 60_000;

    oracle.attribute(fleet.inService());
    oracle.count(line(SimulatedFleet.hostOf(instance), t));
    oracle.count(line(staticHost.host, t + 5 * 60_000));
    oracle.count(line('192.0.2.1', t));
    oracle.count(line('192.0.2.1', t, true));
    // The instance leaves: its address is nobody's from the next segment on.
    fleet.terminate(instance.instanceId, t);
    oracle.attribute(fleet.inService());
    oracle.count(line(SimulatedFleet.hostOf(instance), t));

    // One-minute event-time buckets.
    const bucket = (ms: number) => new Date(ms - (ms % 60_000)).toISOString();
    expect(Object.fromEntries(oracle.expected.requests)).toEqual({
      [`${bucket(t)}|checkout`]: 1,
      [`${bucket(t + 5 * 60_000)}|${staticHost.applicationName}`]: 1,
      [`${bucket(t)}|${UNKNOWN_APPLICATION}`]: 2,
    });
    expect(oracle.expected).toMatchObject({ lines: 5, malformed: 1 });
  });

  it('knows the floods’ buckets and the known flood’s application from the scenario', () => {
    const s = smallScenario();
    const oracle = new DemoOracle(s);
    expect(oracle.floodBucket).toBe(new Date(s.startMs + s.flood.atMinute * 60_000).toISOString());
    expect(oracle.knownFlood).toEqual({
      bucket: new Date(s.startMs + s.applicationFlood.atMinute * 60_000).toISOString(),
      host: '',
      applicationName: 'checkout',
    });
    expect(s.startMs).toBeLessThan(FIXED_NOW_MS);
  });

  it('expects each flood to be seen the minute after its burst, by its own alarm', () => {
    const s = smallScenario();
    const after = (minute: number) => new Date(s.startMs + (minute + 1) * 60_000).toISOString();
    // In the order of their start: the application's burst (minute 45) before the unknown one (50).
    expect(new DemoOracle(s).floods()).toEqual([
      {
        alarm: 'ApplicationFlood',
        applicationName: 'checkout',
        breachStart: after(s.applicationFlood.atMinute),
      },
      {
        alarm: 'UnknownSourceRequests',
        applicationName: UNKNOWN_APPLICATION,
        breachStart: after(s.flood.atMinute),
      },
    ]);
  });
});
