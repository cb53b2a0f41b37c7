// The printed summary and the dashboard's alarm parts stay readable with many episodes: dated
// times, bounded lines and cells, one label per group (ARCHITECTURE.md section 6b).
import type { AlarmEpisode } from '../cloud/alarm-episodes';
import type { AlarmReport } from '../cloud/alarm-timeline';
import { alarmAreas, alarmTableRows } from './dashboard-alarms';
import { LISTED_EPISODES, formatDelay, renderEpisodeLines } from './episode-lines';
import { summarizeEpisodes } from './episode-stats';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Episode k of an application: breach at k hours, alarm 2 min + k s later, OK 10 min later. */
function episode(app: string, k: number, overrides: Partial<AlarmEpisode> = {}): AlarmEpisode {
  const breach = T0 + k * 60 * MIN;
  const alarm = breach + 2 * MIN + k * 1000;
  return {
    alarm: app === 'UNKNOWN' ? 'UnknownSourceRequests' : 'ApplicationFlood',
    applicationName: app,
    breachStart: iso(breach),
    alarmAt: iso(alarm),
    notifiedAt: iso(alarm + 20_000),
    okAt: iso(alarm + 10 * MIN),
    okNotifiedAt: iso(alarm + 10 * MIN + 20_000),
    delaySeconds: (alarm + 20_000 - breach) / 1000,
    missed: false,
    flap: false,
    trigger: null,
    okTrigger: null,
    ...overrides,
  };
}

const report = (id: string, threshold: number): AlarmReport => ({
  id,
  description: id,
  metricName: 'RequestCount',
  threshold,
  periodSeconds: 300,
  evaluationPeriods: 2,
  datapointsToAlarm: 1,
  treatMissingData: 'notBreaching',
  evaluationRangePeriods: 4,
  datapoints: 0,
  tooLateToAlarm: 0,
});

// 66 episodes over four days, as a real log at a low threshold has.
const episodes = [
  ...Array.from({ length: 40 }, (_, k) => episode('UNKNOWN', k)),
  ...Array.from({ length: 25 }, (_, k) => episode('checkout', k)),
  episode('search', 3, {
    alarmAt: null,
    notifiedAt: null,
    okAt: null,
    delaySeconds: null,
    missed: true,
  }),
];
const alarms = [report('UnknownSourceRequests', 100), report('ApplicationFlood', 1000)];
const stats = summarizeEpisodes(episodes, [], 7);

describe('the alarms with many episodes', () => {
  it('prints at most LISTED_EPISODES episodes, then counts and one line of figures', () => {
    const text = renderEpisodeLines(alarms, episodes, stats);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.includes('began'))).toHaveLength(LISTED_EPISODES);
    for (const line of lines) expect(line.length).toBeLessThan(200);
    expect(text).toContain('… 30 more');
    expect(text).toContain('… 26 more');
    expect(lines.at(-1)).toBe(
      `  65 episode(s), delay breach → notified: median ${formatDelay(stats.medianDelaySeconds)}, worst +2m59s; 1 missed, 0 flap(s), 7 data point(s) too late to alarm`,
    );
    // Every time carries its date.
    expect(lines[1]).toMatch(
      /began 2026-12-01 00:00:00, alarm 2026-12-01 00:02:00, notified 2026-12-01 00:02:20 \(\+2m20s\)/,
    );
  });

  it('summarises the figures: median and worst delay, missed, flaps, one notification per flood', () => {
    expect(stats).toMatchObject({
      fired: 65,
      missed: 1,
      flaps: 0,
      inconsistent: 0,
      tooLateToAlarm: 7,
    });
    expect(stats.worstDelaySeconds).toBe(179);
    const note = (e: AlarmEpisode) => ({
      schemaVersion: 1 as const,
      alarm: e.alarm as 'ApplicationFlood',
      state: 'ALARM' as const,
      applicationName: e.applicationName ?? '',
      contact: null,
      windowStart: null,
      windowEnd: null,
      requestCount: null,
      threshold: 1,
      alarmAt: e.alarmAt,
      sentAt: e.notifiedAt ?? '',
      topHosts: [],
    });
    // A flap: a second ALARM for the flood that began at the same minute.
    const flapped = [
      episodes[0],
      episode('UNKNOWN', 0, { alarmAt: iso(T0 + 30 * MIN), flap: true }),
    ];
    const flapStats = summarizeEpisodes(flapped, flapped.map(note), 0);
    expect(flapStats).toMatchObject({ flaps: 1, maxNotificationsPerFlood: 2 });
    expect(summarizeEpisodes(episodes, episodes.map(note), 0).maxNotificationsPerFlood).toBe(1);
  });

  it('labels one band per alarm group and keeps every table cell short and dated', () => {
    const areas = alarmAreas(episodes, T0 + 5 * 24 * 60 * MIN);
    expect(areas).toHaveLength(65);
    expect(areas.filter((a) => a.labelled).map((a) => a.name)).toEqual([
      'UnknownSourceRequests',
      'ApplicationFlood · checkout',
    ]);
    const rows = alarmTableRows(alarms, episodes, false);
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      ['UnknownSourceRequests', 'FIRED'],
      ['ApplicationFlood · checkout', 'FIRED'],
      ['ApplicationFlood · search', 'OK'],
    ]);
    for (const r of rows) expect(r.episodes.length).toBeLessThan(200);
    expect(rows[0].episodes).toMatch(/^40×: 2026-12-01 00:02:00 \(\+2m20s\), 2026-12-01 01:02:01/);
    expect(rows[2].episodes).toBe('never fired; 1 missed');
    expect(rows.map((r) => r.drillDown)).toEqual([null, null, null]);
  });

  it('shows on each alarm row the drill-down of its latest ALARM notification', () => {
    const sent = (
      alarm: 'ApplicationFlood' | 'UnknownSourceRequests',
      app: string,
      cmd: string,
    ) => ({
      schemaVersion: 1 as const,
      alarm,
      state: 'ALARM' as const,
      applicationName: app,
      contact: null,
      windowStart: null,
      windowEnd: null,
      requestCount: null,
      threshold: 1,
      alarmAt: null,
      sentAt: '',
      topHosts: [],
      drillDown: cmd,
    });
    const rows = alarmTableRows(alarms, episodes, false, [
      sent('ApplicationFlood', 'checkout', 'first'),
      sent('UnknownSourceRequests', 'UNKNOWN', 'unknown-hosts'),
      sent('ApplicationFlood', 'checkout', 'top-paths checkout'),
    ]);
    expect(rows.map((r) => [r.id, r.drillDown])).toEqual([
      ['UnknownSourceRequests', 'unknown-hosts'],
      ['ApplicationFlood · checkout', 'top-paths checkout'],
      ['ApplicationFlood · search', null],
    ]);
  });

  it('labels every band when there are few', () => {
    expect(alarmAreas(episodes.slice(0, 3), T0).every((a) => a.labelled)).toBe(true);
  });
});
