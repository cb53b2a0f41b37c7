import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { metricAlarms, type MetricAlarmDefinition } from '@fleetlog/pipeline-config';
import { evaluateAlarms } from './alarm-evaluator';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const MIN = 60_000;

function requests(
  app: string,
  atMs: number,
  value: number,
  namespace = 'FleetLog',
): PutMetricDataCommandInput {
  return {
    Namespace: namespace,
    MetricData: [
      {
        MetricName: 'RequestCount',
        Dimensions: [{ Name: 'ApplicationName', Value: app }],
        Timestamp: new Date(atMs),
        Value: value,
        Unit: 'Count',
      },
    ],
  };
}

function unknownAlarm(threshold = 100): MetricAlarmDefinition {
  const alarm = metricAlarms({ unknownSourceThreshold: threshold }).find(
    (a) => a.id === 'UnknownSourceRequests',
  );
  if (!alarm) throw new Error('the shared definitions lost UnknownSourceRequests');
  return alarm;
}

describe('evaluateAlarms', () => {
  it('sums partials of one period and fires only when the sum exceeds the threshold', () => {
    const inputs = [
      requests('UNKNOWN', T0, 60),
      requests('UNKNOWN', T0 + 2 * MIN, 41), // same 5-minute period: 101 > 100
      requests('UNKNOWN', T0 + 5 * MIN, 100), // exactly the threshold: not greater
    ];
    const [result] = evaluateAlarms(inputs, [unknownAlarm()], 'FleetLog');
    expect(result.datapoints).toEqual([
      { periodStart: '2026-01-01T10:00:00.000Z', value: 101 },
      { periodStart: '2026-01-01T10:05:00.000Z', value: 100 },
    ]);
    // DatapointsToAlarm 1 of EvaluationPeriods 2: the breaching period holds the next one too.
    expect(result.alarmPeriods).toEqual([
      {
        periodStart: '2026-01-01T10:00:00.000Z',
        periodEnd: '2026-01-01T10:05:00.000Z',
        value: 101,
      },
      {
        periodStart: '2026-01-01T10:05:00.000Z',
        periodEnd: '2026-01-01T10:10:00.000Z',
        value: 100,
      },
    ]);
    expect(result.episodes).toEqual([
      {
        start: '2026-01-01T10:00:00.000Z',
        end: '2026-01-01T10:10:00.000Z',
        maxValue: 101,
        alarmAt: '2026-01-01T10:05:00.000Z',
        okAt: '2026-01-01T10:15:00.000Z',
      },
    ]);
  });

  it('ignores other applications, other namespaces and extra dimensions', () => {
    const extraDims: PutMetricDataCommandInput = {
      Namespace: 'FleetLog',
      MetricData: [
        {
          MetricName: 'RequestCount',
          Dimensions: [
            { Name: 'ApplicationName', Value: 'UNKNOWN' },
            { Name: 'Shard', Value: '1' },
          ],
          Timestamp: new Date(T0),
          Value: 1000,
        },
      ],
    };
    const inputs = [
      requests('checkout', T0, 1000),
      requests('UNKNOWN', T0, 1000, 'Other'),
      extraDims,
    ];
    const [result] = evaluateAlarms(inputs, [unknownAlarm()], 'FleetLog');
    expect(result.datapoints).toEqual([]);
    expect(result.alarmPeriods).toEqual([]);
  });

  it('reads statistic sets, value/count arrays and JSON timestamps', () => {
    const inputs: PutMetricDataCommandInput[] = [
      {
        Namespace: 'FleetLog',
        MetricData: [
          {
            MetricName: 'RequestCount',
            Dimensions: [{ Name: 'ApplicationName', Value: 'UNKNOWN' }],
            Timestamp: '2026-01-01T10:01:00.000Z' as unknown as Date,
            StatisticValues: { Sum: 50, SampleCount: 2, Minimum: 20, Maximum: 30 },
          },
          {
            MetricName: 'RequestCount',
            Dimensions: [{ Name: 'ApplicationName', Value: 'UNKNOWN' }],
            Timestamp: new Date(T0 + 3 * MIN),
            Values: [10, 20],
            Counts: [2, 1],
          },
        ],
      },
    ];
    const [result] = evaluateAlarms(inputs, [unknownAlarm(80)], 'FleetLog');
    expect(result.datapoints).toEqual([{ periodStart: '2026-01-01T10:00:00.000Z', value: 90 }]);
    expect(result.alarmPeriods.map((p) => p.value)).toEqual([90, 0]);
  });

  it('merges consecutive alarm periods into one episode and treats gaps as not breaching', () => {
    const inputs = [
      requests('UNKNOWN', T0, 500),
      requests('UNKNOWN', T0 + 5 * MIN, 300),
      // T0 + 10 min: no data (held in ALARM by 10:05), T0 + 15 min: no data (OK)
      requests('UNKNOWN', T0 + 20 * MIN, 200),
    ];
    const [result] = evaluateAlarms(inputs, [unknownAlarm()], 'FleetLog');
    expect(result.episodes).toEqual([
      {
        start: '2026-01-01T10:00:00.000Z',
        end: '2026-01-01T10:15:00.000Z',
        maxValue: 500,
        alarmAt: '2026-01-01T10:05:00.000Z',
        okAt: '2026-01-01T10:20:00.000Z',
      },
      {
        start: '2026-01-01T10:20:00.000Z',
        end: '2026-01-01T10:30:00.000Z',
        maxValue: 200,
        alarmAt: '2026-01-01T10:25:00.000Z',
        okAt: '2026-01-01T10:35:00.000Z',
      },
    ]);
  });

  it('with DatapointsToAlarm = EvaluationPeriods needs every period to breach; a missing one resets it', () => {
    const twoPeriods: MetricAlarmDefinition = {
      ...unknownAlarm(),
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    };
    const inputs = [
      requests('UNKNOWN', T0, 500),
      requests('UNKNOWN', T0 + 5 * MIN, 500),
      requests('UNKNOWN', T0 + 15 * MIN, 500),
    ];
    const [result] = evaluateAlarms(inputs, [twoPeriods], 'FleetLog');
    expect(result.alarmPeriods.map((p) => p.periodStart)).toEqual(['2026-01-01T10:05:00.000Z']);
  });

  it('evaluates dimensionless alarms from the shared definitions', () => {
    const inputs: PutMetricDataCommandInput[] = [
      {
        Namespace: 'FleetLog',
        MetricData: [{ MetricName: 'LifecycleSyncFailures', Timestamp: new Date(T0), Value: 1 }],
      },
    ];
    const results = evaluateAlarms(inputs, metricAlarms(), 'FleetLog');
    expect(results.map((r) => [r.id, r.alarmPeriods.length])).toEqual([
      ['UnknownSourceRequests', 0],
      ['LifecycleSyncFailures', 1],
    ]);
  });
});
