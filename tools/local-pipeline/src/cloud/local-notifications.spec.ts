import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { applicationFloodAlarm, metricAlarms } from '@fleetlog/pipeline-config';
import { evaluateAlarms } from './alarm-evaluator';
import { applicationRows, renderApplicationTable } from '../report/application-table';
import { evaluateApplicationFlood } from './flood-evaluator';
import {
  localNotifications,
  renderNotificationsJsonl,
  renderWhoToCall,
} from './local-notifications';
import type { BucketRow, RunTotals } from '../report/run-summary';

const W0 = '2026-01-01T10:00:00.000Z';
const W1 = '2026-01-01T10:05:00.000Z';
const W2 = '2026-01-01T10:10:00.000Z';
const W3 = '2026-01-01T10:15:00.000Z';
const W4 = '2026-01-01T10:20:00.000Z';

function datum(app: string, windowStart: string, value: number): PutMetricDataCommandInput {
  return {
    Namespace: 'FleetLog',
    MetricData: [
      {
        MetricName: 'RequestCount',
        Dimensions: [{ Name: 'ApplicationName', Value: app }],
        Timestamp: new Date(windowStart),
        Value: value,
      },
    ],
  };
}

function row(
  app: string,
  windowStart: string,
  requestCount: number,
  hosts: [string, number][],
): BucketRow {
  return {
    windowStart,
    applicationName: app,
    contact: app === 'UNKNOWN' ? null : `${app}@example.com`,
    requestCount,
    bytes: 0,
    http4xx: 0,
    http5xx: 0,
    topHosts: hosts.map(([host, n]) => ({ host, requestCount: n })),
  };
}

const rows = [
  row('checkout', W0, 50, [['10.0.0.1', 50]]),
  row('checkout', W1, 900, [
    ['10.0.0.2', 800],
    ['10.0.0.1', 100],
  ]),
  row('checkout', W2, 40, [['10.0.0.1', 40]]),
  row('<b>x</b>', W0, 5, [['10.0.0.9', 5]]),
  row('UNKNOWN', W2, 300, [
    ['192.0.2.66', 290],
    ['203.0.113.1', 10],
  ]),
];
const inputs = rows.map((r) => datum(r.applicationName, r.windowStart, r.requestCount));
const alarms = evaluateAlarms(inputs, metricAlarms(), 'FleetLog');
const flood = evaluateApplicationFlood(
  inputs,
  applicationFloodAlarm({ applicationThreshold: 500 }),
  'FleetLog',
);
const notes = localNotifications(alarms, flood, rows);

describe('localNotifications', () => {
  it('announces each episode with ALARM at its first window and OK after, with contact and hosts', () => {
    // DatapointsToAlarm 1 of EvaluationPeriods 2: a breaching 5 minutes holds the alarm through
    // the next 5 minutes too, so OK comes at the second period after it.
    expect(notes).toEqual([
      {
        schemaVersion: 1,
        alarm: 'ApplicationFlood',
        state: 'ALARM',
        applicationName: 'checkout',
        contact: 'checkout@example.com',
        windowStart: W1,
        requestCount: 900,
        threshold: 500,
        // The state change at the end of the breaching 5 minutes (its evaluation minute).
        alarmAt: W2,
        sentAt: W2,
        topHosts: [
          { host: '10.0.0.2', requestCount: 800 },
          { host: '10.0.0.1', requestCount: 100 },
        ],
      },
      expect.objectContaining({
        alarm: 'UnknownSourceRequests',
        state: 'ALARM',
        applicationName: 'UNKNOWN',
        contact: null,
        windowStart: W2,
        requestCount: 300,
        threshold: 100,
        alarmAt: W3,
      }),
      // The window after the run has no data: a zero, as missing data is to CloudWatch.
      expect.objectContaining({
        alarm: 'ApplicationFlood',
        state: 'OK',
        windowStart: W3,
        requestCount: 0,
        alarmAt: W4,
      }),
      expect.objectContaining({
        alarm: 'UnknownSourceRequests',
        state: 'OK',
        windowStart: W4,
        requestCount: 0,
        topHosts: [],
        alarmAt: '2026-01-01T10:25:00.000Z',
      }),
    ]);
    expect(renderNotificationsJsonl(notes).split('\n')).toHaveLength(5);
  });

  it("names the hosts of the alarm's 5 minutes, summed over their one-minute rows", () => {
    const minuteRows = [
      row('checkout', W1, 600, [['10.0.0.2', 600]]),
      row('checkout', '2026-01-01T10:06:00.000Z', 300, [
        ['10.0.0.2', 200],
        ['10.0.0.3', 100],
      ]),
    ];
    const minuteInputs = minuteRows.map((r) =>
      datum(r.applicationName, r.windowStart, r.requestCount),
    );
    const [alarm] = localNotifications(
      evaluateAlarms(minuteInputs, metricAlarms(), 'FleetLog'),
      evaluateApplicationFlood(
        minuteInputs,
        applicationFloodAlarm({ applicationThreshold: 500 }),
        'FleetLog',
      ),
      minuteRows,
    );
    expect(alarm).toMatchObject({
      state: 'ALARM',
      windowStart: W1,
      requestCount: 900,
      topHosts: [
        { host: '10.0.0.2', requestCount: 800 },
        { host: '10.0.0.3', requestCount: 100 },
      ],
    });
  });

  it('says who to call for each ALARM', () => {
    const text = renderWhoToCall(notes);
    expect(text).toContain(
      'checkout: 900 requests in 2026-01-01 10:05+5min (> 500) → checkout@example.com; heaviest 10.0.0.2 (800)',
    );
    expect(text).toContain('UNKNOWN: 300 requests');
    expect(text).toContain('block or map');
    expect(text.split('\n')).toHaveLength(2);
  });
});

describe('application table', () => {
  const totals: RunTotals = {
    rows,
    applications: ['checkout', '<b>x</b>', 'UNKNOWN'],
    buckets: [W0, W1, W2],
    requests: 1295,
    malformedLines: 0,
    partials: 5,
    unknownTopHosts: [],
  };

  it('gives requests, share, contact and state per application, flood windows marked', () => {
    const table = applicationRows(totals, flood, notes, 100);
    expect(table[0]).toEqual({
      applicationName: 'checkout',
      requests: 990,
      share: 990 / 1295,
      contact: 'checkout@example.com',
      state: 'ALARM',
      floodWindows: [W1],
      threshold: 500,
    });
    expect(table[1]).toMatchObject({ applicationName: '<b>x</b>', state: 'OK', floodWindows: [] });
    expect(table[2]).toMatchObject({
      applicationName: 'UNKNOWN',
      contact: null,
      state: 'ALARM',
      threshold: 100,
    });
  });

  it('renders escaped static HTML', () => {
    const html = renderApplicationTable(applicationRows(totals, flood, notes, 100));
    expect(html).toContain(
      '<tr data-application="checkout" class="flood"><td>checkout</td><td class="num">990</td><td class="num">76.4%</td>',
    );
    expect(html).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(html).not.toContain('<b>x</b>');
  });
});
