import { applicationFloodAlarm, metricAlarms } from '@fleetlog/pipeline-config';
import { minutes, recordedMinutes } from '../__fixtures__/recorded-metrics';
import { classifyAlarmEvent } from '@fleetlog/notifier';
import { alarmStateChangeEvent } from './alarm-events';
import { evaluateAlarmTimeline } from './alarm-timeline';
import { applicationRows, renderApplicationTable } from '../report/application-table';
import {
  localNotifications,
  renderNotificationsJsonl,
  renderWhoToCall,
} from './local-notifications';
import type { BucketRow, RunTotals } from '../report/run-summary';

const START = Date.parse('2026-01-01T10:00:00Z');
const at = (minute: number, seconds = 0): string =>
  new Date(START + minute * 60_000 + seconds * 1000).toISOString();

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

// checkout: 100 a minute, 400 from 10:05 to 10:09 (threshold 1,000 per 5 minutes); UNKNOWN: 10
// a minute, 2,000 at 10:20 (threshold 100). Each minute reaches CloudWatch 37 s after it ends.
const checkout = [...minutes(5, 100), ...minutes(5, 400), ...minutes(20, 100)];
const unknown = [...minutes(20, 10), 2000, ...minutes(9, 10)];
const rows = [
  ...checkout.map((n, i) =>
    row(
      'checkout',
      at(i),
      n,
      n > 100
        ? [
            ['10.0.0.2', n - 100],
            ['10.0.0.1', 100],
          ]
        : [['10.0.0.1', n]],
    ),
  ),
  ...unknown.map((n, i) => row('UNKNOWN', at(i), n, [['192.0.2.66', n]])),
  row('<b>x</b>', at(0), 5, [['10.0.0.9', 5]]),
];
const timeline = evaluateAlarmTimeline(
  recordedMinutes([
    { application: 'checkout', startIso: at(0), counts: checkout, lagMs: 37_000 },
    { application: 'UNKNOWN', startIso: at(0), counts: unknown, lagMs: 37_000 },
  ]),
  'FleetLog',
  metricAlarms(),
  applicationFloodAlarm({ applicationThreshold: 1000 }),
);
const thresholds = new Map(timeline.alarms.map((a) => [a.id, a.threshold]));
const notes = localNotifications(timeline.episodes, thresholds, rows);

describe('localNotifications', () => {
  it("sends ALARM and OK once per episode, at the model's state change plus the delivery delays", () => {
    expect(notes).toEqual([
      {
        schemaVersion: 1,
        alarm: 'ApplicationFlood',
        state: 'ALARM',
        applicationName: 'checkout',
        contact: 'checkout@example.com',
        // The 5 minutes that tripped it: the evaluation at 10:09 saw 1,300 of them (10:08 had not
        // arrived yet); the message counts them all, as its hosts do: 100 + 4 × 400.
        windowStart: at(4),
        windowEnd: at(9),
        requestCount: 1700,
        threshold: 1000,
        alarmAt: at(9),
        // EventBridge, the notifier and SNS: 20 s (STAGE_DELAYS).
        sentAt: at(9, 20),
        // The hosts of the same 5 minutes, 10:04 to 10:08, summed over the one-minute rows.
        topHosts: [
          { host: '10.0.0.2', requestCount: 1200 },
          { host: '10.0.0.1', requestCount: 500 },
        ],
        // The lines behind it, over out/archive (the notifier's buildNotification).
        drillDown: `npx fleetlog query top-paths --application checkout --from ${at(4)} --to ${at(9)}`,
      },
      expect.objectContaining({ alarm: 'ApplicationFlood', state: 'OK', alarmAt: at(19) }),
      expect.objectContaining({
        alarm: 'UnknownSourceRequests',
        state: 'ALARM',
        applicationName: 'UNKNOWN',
        contact: null,
        requestCount: 2040,
        threshold: 100,
        alarmAt: at(22),
        sentAt: at(22, 20),
      }),
      expect.objectContaining({ alarm: 'UnknownSourceRequests', state: 'OK', alarmAt: at(31) }),
    ]);
    expect(renderNotificationsJsonl(notes).split('\n')).toHaveLength(5);
  });

  it('tells one story per message: count and hosts of exactly [windowStart, windowEnd)', () => {
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      const start = Date.parse(n.windowStart ?? '');
      const own = rows.filter(
        (r) =>
          r.applicationName === n.applicationName &&
          Date.parse(r.windowStart) >= start &&
          Date.parse(r.windowStart) < start + 300_000,
      );
      expect(n.requestCount).toBe(own.reduce((sum, r) => sum + r.requestCount, 0));
      expect(n.windowEnd).toBe(new Date(start + 300_000).toISOString());
      for (const h of n.topHosts) expect(h.requestCount).toBeLessThanOrEqual(n.requestCount ?? 0);
      const listed = n.topHosts.reduce((sum, h) => sum + h.requestCount, 0);
      expect(listed).toBeLessThanOrEqual(n.requestCount ?? 0);
    }
  });

  it('reads each modelled state change as the notifier reads a real event', () => {
    const flood = timeline.episodes.find((e) => e.alarm === 'ApplicationFlood');
    const unknown = timeline.episodes.find((e) => e.alarm === 'UnknownSourceRequests');
    for (const e of [flood, unknown]) {
      if (!e?.trigger || e.alarmAt === null) throw new Error('the set-up has both floods');
      const event = alarmStateChangeEvent({
        alarm: e.alarm as 'ApplicationFlood' | 'UnknownSourceRequests',
        applicationName: e.applicationName ?? '',
        state: 'ALARM',
        at: e.alarmAt,
        trigger: e.trigger,
        threshold: thresholds.get(e.alarm) ?? 0,
        namespace: 'FleetLog',
      });
      const classified = classifyAlarmEvent(event);
      expect(classified).toEqual({
        kind: 'change',
        change: expect.objectContaining({
          applicationName: e.applicationName,
          windowStart: e.trigger.start,
          value: e.trigger.value,
          threshold: thresholds.get(e.alarm),
          alarmAt: e.alarmAt,
        }),
      });
    }
  });

  it('without a data point in the event, names the newest 5 minutes begun before it was sent', () => {
    // A contributor no longer returned goes to OK without a data point: the notifier takes the
    // newest minutes the publisher's object holds when the message goes out, never later ones.
    const episodes = timeline.episodes.map((e) => ({ ...e, okTrigger: null }));
    const ok = localNotifications(episodes, thresholds, rows).find(
      (n) => n.state === 'OK' && n.applicationName === 'checkout',
    );
    expect(ok).toMatchObject({ alarmAt: at(19), windowStart: at(15), requestCount: 500 });
  });

  it('notifies nobody for a missed flood', () => {
    const missed = timeline.episodes.map((e) => ({ ...e, missed: true }));
    expect(localNotifications(missed, thresholds, rows)).toEqual([]);
  });

  it('says who to call, one line per application however many alarms', () => {
    const text = renderWhoToCall([...notes, { ...notes[0], alarmAt: at(40), requestCount: 1100 }]);
    expect(text).toContain(
      'checkout: 2 alarms, heaviest 1700 requests in 2026-01-01 10:04+5min (> 1000), notified 2026-01-01 10:09 UTC → checkout@example.com; heaviest in those 5 min 10.0.0.2 (1200)',
    );
    expect(text).toContain('UNKNOWN: 2040 requests');
    expect(text).toContain('block or map');
    expect(text.split('\n')).toHaveLength(2);
  });
});

describe('application table', () => {
  const totals: RunTotals = {
    rows,
    applications: ['checkout', 'UNKNOWN', '<b>x</b>'],
    buckets: [...new Set(rows.map((r) => r.windowStart))].sort(),
    requests: rows.reduce((n, r) => n + r.requestCount, 0),
    malformedLines: 0,
    partials: rows.length,
    unknownTopHosts: [],
  };

  it('gives requests, share, contact and state per application, flood windows marked', () => {
    const table = applicationRows(totals, 1000, notes, 100);
    expect(table[0]).toEqual({
      applicationName: 'checkout',
      requests: 4500,
      share: 4500 / totals.requests,
      contact: 'checkout@example.com',
      state: 'ALARM',
      floodWindows: [at(9)],
      threshold: 1000,
    });
    expect(table[1]).toMatchObject({
      applicationName: 'UNKNOWN',
      contact: null,
      state: 'ALARM',
      threshold: 100,
    });
    expect(table[2]).toMatchObject({ applicationName: '<b>x</b>', state: 'OK', floodWindows: [] });
  });

  it('renders escaped static HTML', () => {
    const html = renderApplicationTable(applicationRows(totals, 1000, notes, 100));
    expect(html).toContain(
      '<tr data-application="checkout" class="flood"><td>checkout</td><td class="num">4,500</td>',
    );
    expect(html).toContain('fired 2026-01-01 10:09 UTC');
    expect(html).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(html).not.toContain('<b>x</b>');
  });
});
