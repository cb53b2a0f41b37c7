import { applicationFloodAlarm, metricAlarms } from '@fleetlog/pipeline-config';
import { minutes, recordedMinutes } from '../__fixtures__/recorded-metrics';
import { evaluateAlarmTimeline, spansOf } from './alarm-timeline';

// A minute's data point reaches CloudWatch 37 s after the minute ends (final invocation 20 s,
// output stream 2 s, PutMetricData 15 s: STAGE_DELAYS), so the evaluation at E sees the minutes
// up to E - 2 min. Thresholds: UnknownSourceRequests 100, ApplicationFlood 1000 per 5 minutes.
const LAG = 37_000;
const flood = applicationFloodAlarm({ applicationThreshold: 1000 });
const evaluate = (recorded: ReturnType<typeof recordedMinutes>) =>
  evaluateAlarmTimeline(recorded, 'FleetLog', metricAlarms(), flood);

describe('evaluateAlarmTimeline', () => {
  const run = evaluate(
    recordedMinutes([
      {
        application: 'checkout',
        startIso: '2026-01-01T10:00:00Z',
        counts: [...minutes(5, 100), ...minutes(5, 400), ...minutes(20, 100)],
        lagMs: LAG,
      },
      {
        application: 'UNKNOWN',
        startIso: '2026-01-01T10:00:00Z',
        counts: [...minutes(20, 10), 2000, ...minutes(9, 10)],
        lagMs: LAG,
      },
    ]),
  );

  it('records each flood once: breachStart, alarmAt, notifiedAt (+20 s) and okAt', () => {
    expect(run.episodes).toEqual([
      expect.objectContaining({
        alarm: 'ApplicationFlood',
        applicationName: 'checkout',
        // [10:02, 10:07) holds 300 + 800: the first zero-latency breach.
        breachStart: '2026-01-01T10:07:00.000Z',
        // 10:09 is the first evaluation whose newest 5 minutes had 1,300 arrived.
        alarmAt: '2026-01-01T10:09:00.000Z',
        notifiedAt: '2026-01-01T10:09:20.000Z',
        delaySeconds: 140,
        // Both periods below again: the flood's last minute has left the older one.
        okAt: '2026-01-01T10:19:00.000Z',
        trigger: {
          start: '2026-01-01T10:04:00.000Z',
          end: '2026-01-01T10:09:00.000Z',
          value: 1300,
        },
        missed: false,
        flap: false,
      }),
      expect.objectContaining({
        alarm: 'UnknownSourceRequests',
        applicationName: 'UNKNOWN',
        breachStart: '2026-01-01T10:21:00.000Z',
        alarmAt: '2026-01-01T10:22:00.000Z',
        delaySeconds: 80,
        okAt: '2026-01-01T10:31:00.000Z',
      }),
    ]);
  });

  it('leaves UNKNOWN out of ApplicationFlood, as its query does', () => {
    const report = run.alarms.find((a) => a.id === 'ApplicationFlood');
    expect(report?.contributors).toEqual(['checkout']);
    expect(report?.evaluationRangePeriods).toBe(4);
    expect(run.tooLateToAlarm).toBe(0);
  });

  it('counts a data point that arrives after its minute left every evaluation range', () => {
    const recorded = recordedMinutes([
      {
        application: 'checkout',
        startIso: '2026-01-01T10:00:00Z',
        counts: minutes(10, 100),
        lagMs: LAG,
      },
    ]);
    // Two more partials of 10:02: one 12 minutes late (still in range), one 37 minutes late.
    const inputs = [...recorded.inputs];
    const arrivals = [...recorded.arrivals];
    for (const arrivedIso of ['2026-01-01T10:15:00Z', '2026-01-01T10:40:00Z']) {
      inputs.push({ ...recorded.inputs[2] });
      arrivals.push(Date.parse(arrivedIso));
    }
    const late = evaluate({ inputs, arrivals });
    expect(late.alarms.find((a) => a.id === 'ApplicationFlood')).toMatchObject({
      datapoints: 12,
      tooLateToAlarm: 1,
    });
    expect(late.tooLateToAlarm).toBe(1);
  });

  it('reports a flood whose data all came too late as missed', () => {
    const missed = evaluate(
      recordedMinutes([
        {
          application: 'checkout',
          startIso: '2026-01-01T10:00:00Z',
          counts: minutes(5, 400),
          lagMs: 30 * 60_000,
        },
      ]),
    );
    expect(missed.episodes).toEqual([
      expect.objectContaining({
        alarm: 'ApplicationFlood',
        applicationName: 'checkout',
        breachStart: '2026-01-01T10:03:00.000Z',
        alarmAt: null,
        notifiedAt: null,
        missed: true,
      }),
    ]);
    expect(missed.tooLateToAlarm).toBe(5);
  });

  it('evaluates a log that jumps a year as two spans, each flood on its own date', () => {
    const series = (startIso: string) => ({
      application: 'checkout',
      startIso,
      counts: [...minutes(3, 100), ...minutes(5, 400), ...minutes(3, 100)],
      lagMs: LAG,
    });
    const recorded = recordedMinutes([
      series('2026-01-01T10:00:00Z'),
      series('2027-01-01T10:00:00Z'),
    ]);
    const jumped = evaluate(recorded);
    expect(jumped.episodes.map((e) => [e.breachStart?.slice(0, 4), e.missed])).toEqual([
      ['2026', false],
      ['2027', false],
    ]);
    for (const e of jumped.episodes) expect(e.delaySeconds).toBeGreaterThan(0);
    const points = recorded.arrivals.map((arrivedAtMs, i) => ({
      timestampMs: (recorded.inputs[i].MetricData?.[0].Timestamp as Date).getTime(),
      value: 1,
      arrivedAtMs,
    }));
    expect(spansOf(flood, points)).toHaveLength(2);
  });
});
