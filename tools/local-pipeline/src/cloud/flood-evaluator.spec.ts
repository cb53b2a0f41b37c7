import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { applicationFloodAlarm } from '@fleetlog/pipeline-config';
import { evaluateApplicationFlood } from './flood-evaluator';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function requests(app: string, atMs: number, value: number, extraDimension = false) {
  return {
    Namespace: 'FleetLog',
    MetricData: [
      {
        MetricName: 'RequestCount',
        Dimensions: [
          { Name: 'ApplicationName', Value: app },
          ...(extraDimension ? [{ Name: 'Region', Value: 'x' }] : []),
        ],
        Timestamp: new Date(atMs),
        Value: value,
      },
    ],
  } satisfies PutMetricDataCommandInput;
}

describe('evaluateApplicationFlood', () => {
  const def = applicationFloodAlarm({ applicationThreshold: 100 });

  it('evaluates each application as its own contributor and lists exactly the pairs above', () => {
    const inputs = [
      requests('checkout', T0, 60),
      requests('checkout', T0 + 2 * MIN, 41), // 101 in one period: above
      requests('search', T0, 100), // equal: not above
      requests('search', T0 + 5 * MIN, 150),
      requests('newapp', T0 + 10 * MIN, 500),
    ];
    const result = evaluateApplicationFlood(inputs, def, 'FleetLog');
    expect(result.contributors.map((c) => c.applicationName)).toEqual([
      'checkout',
      'newapp',
      'search',
    ]);
    expect(result.breaches).toEqual([
      { windowStart: iso(T0), applicationName: 'checkout', value: 101 },
      { windowStart: iso(T0 + 5 * MIN), applicationName: 'search', value: 150 },
      { windowStart: iso(T0 + 10 * MIN), applicationName: 'newapp', value: 500 },
    ]);
    expect(result).toMatchObject({ id: 'ApplicationFlood', threshold: 100, query: def.query });
  });

  it('leaves out UNKNOWN, other namespaces and other dimension sets, as the query does', () => {
    const inputs = [
      requests('UNKNOWN', T0, 10_000),
      { ...requests('checkout', T0, 10_000), Namespace: 'Other' },
      requests('checkout', T0, 10_000, true),
    ];
    const result = evaluateApplicationFlood(inputs, def, 'FleetLog');
    expect(result.contributors).toEqual([]);
    expect(result.breaches).toEqual([]);
  });
});
