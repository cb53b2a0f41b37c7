import { readFile } from 'node:fs/promises';
import {
  ALARM_PERIOD_SECONDS,
  DEFAULT_GRACE_PERIOD_MINUTES,
  RECENT_TOP_HOSTS_LIMITS,
  UNKNOWN_APPLICATION,
  type AlarmNotification,
} from '@fleetlog/pipeline-config';
import { drillDownOf, renderDuckDbNamedQuery, runDuckDbArchiveSql } from '@fleetlog/analytics-sql';
import { join } from 'node:path';
import type { AlarmEpisode } from '../cloud/alarm-episodes';
import { ARCHIVE_DIR } from '../report/run-outputs';
import { runDemo, type DemoSummary } from './demo';
import { DEMO_DELAY_BUDGET_SECONDS } from './oracle';
import {
  csvRows,
  makeTempDir,
  removeDir,
  smallScenario,
  sorted,
  sumAggregatesFile,
  type AggregateSums,
} from '../__fixtures__/e2e-support';
import type { DemoScenario } from './scenario';

const MINUTE = 60_000;

/** Listening sockets of this process (kinesalite, s3rver): the run must leave none behind. */
function listeningServers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
}

interface RecordedInput {
  Namespace?: string;
  arrivedAt?: string;
  MetricData?: {
    MetricName?: string;
    Dimensions?: { Name?: string; Value?: string }[];
    Timestamp?: string;
    Value?: number;
    StatisticValues?: { Sum?: number };
    Values?: number[];
    Counts?: number[];
  }[];
}

describe('npm start: the demo end to end on embedded Kinesis and S3', () => {
  let dir: string | undefined;
  let scenario: DemoScenario;
  let summary: DemoSummary;
  let sums: AggregateSums;
  let serversBefore: number;
  let serversAfter: number;

  beforeAll(async () => {
    dir = await makeTempDir('demo');
    scenario = smallScenario();
    serversBefore = listeningServers();
    summary = await runDemo({ scenario, outDir: dir, logLevel: 'SILENT' });
    serversAfter = listeningServers();
    sums = await sumAggregatesFile(summary.files.aggregates);
  }, 60_000);

  afterAll(() => removeDir(dir));

  it('runs every handler without a failure and stops its servers', () => {
    expect(summary.lifecycleFailures).toBe(0);
    expect(summary.pollerFailures).toBe(0);
    expect(summary.undecodable).toBe(0);
    expect(serversAfter).toBe(serversBefore);
    expect(summary.expected.lines).toBeGreaterThan(8000);
  });

  it('counts exactly what the generator produced, per bucket and application, and every malformed line', () => {
    expect(sums.lines).toBeGreaterThan(0);
    expect(sums.duplicates).toBe(0);
    expect(sorted(sums.requests)).toEqual(sorted(summary.expected.requests));
    expect(sums.malformedLines).toBe(summary.expected.malformed);
    expect(summary.expected.malformed).toBeGreaterThan(0);
    // Every line reached the aggregator: requests plus malformed lines is what was shipped.
    const requests = [...sums.requests.values()].reduce((a, b) => a + b, 0);
    expect(requests + sums.malformedLines).toBe(summary.expected.lines);
    // Every one-minute bucket of the run has data, and nothing landed outside the run.
    const buckets = new Set([...sums.requests.keys()].map((k) => k.split('|')[0]));
    expect(buckets.size).toBe(scenario.durationMinutes);
  });

  it('never counts a request of a caller whose launch hook ran as UNKNOWN', () => {
    expect(summary.callerHosts.size).toBeGreaterThanOrEqual(5 + 4);
    const unknownHosts = new Set<string>();
    for (const [key, hosts] of sums.topHosts) {
      if (!key.endsWith(`|${UNKNOWN_APPLICATION}`)) continue;
      for (const host of hosts.keys()) unknownHosts.add(host);
    }
    // The unknown hosts of the scenario are fewer than 10, so topHosts names every one of them.
    const expectedUnknown = new Set([
      ...scenario.unknownHosts.map((h) => h.host),
      scenario.flood.host,
    ]);
    expect([...unknownHosts].sort()).toEqual([...expectedUnknown].sort());
    for (const host of summary.callerHosts.keys()) expect(unknownHosts.has(host)).toBe(false);
    // And each caller's application got requests: new instances were attributed from their launch.
    const applications = new Set([...sums.requests.keys()].map((k) => k.split('|')[1]));
    for (const app of summary.callerHosts.values()) expect(applications.has(app)).toBe(true);
  });

  it('answers each flood with one ALARM and one OK, notified within 2 minutes of its start', async () => {
    const file = JSON.parse(await readFile(summary.files.alarms, 'utf8')) as {
      episodes: AlarmEpisode[];
    };
    expect(file.episodes).toEqual(summary.episodes);
    // Exactly the oracle's floods: no other episode, none missed, no flap.
    expect(
      summary.episodes.map((e) => ({
        alarm: e.alarm,
        applicationName: e.applicationName,
        breachStart: e.breachStart,
      })),
    ).toEqual(summary.expectedFloods);
    for (const e of summary.episodes) {
      expect(e).toMatchObject({ missed: false, flap: false });
      const breach = Date.parse(e.breachStart ?? '');
      const alarmAt = Date.parse(e.alarmAt ?? '');
      expect(alarmAt).toBeGreaterThanOrEqual(breach);
      expect(Date.parse(e.notifiedAt ?? '')).toBeGreaterThan(alarmAt);
      expect(Date.parse(e.okAt ?? '')).toBeGreaterThan(alarmAt);
      expect(e.delaySeconds).toBeGreaterThan(0);
      expect(e.delaySeconds).toBeLessThanOrEqual(DEMO_DELAY_BUDGET_SECONDS);
    }
    expect(summary.episodeStats).toMatchObject({ fired: 2, missed: 0, flaps: 0 });
  });

  it('publishes what the aggregates hold, each call reaching CloudWatch after its minutes end', async () => {
    const published = new Map<string, number>();
    for (const line of (await readFile(summary.files.metrics, 'utf8')).split('\n')) {
      if (line === '') continue;
      const input = JSON.parse(line) as RecordedInput;
      const arrived = Date.parse(input.arrivedAt ?? '');
      for (const d of input.MetricData ?? []) {
        // A minute's data point reaches CloudWatch after the minute's window closed.
        expect(arrived).toBeGreaterThan(Date.parse(d.Timestamp ?? '') + MINUTE);
        const dims = d.Dimensions ?? [];
        if (d.MetricName !== 'RequestCount' || dims.length !== 1) continue;
        const key = `${new Date(d.Timestamp ?? '').toISOString()}|${dims[0].Value}`;
        published.set(key, (published.get(key) ?? 0) + (d.Value ?? d.StatisticValues?.Sum ?? 0));
      }
    }
    expect(sorted(published)).toEqual(sorted(sums.requests));
  });

  it('notifies the owner of each flood once on ALARM and once on OK, at the model’s times', async () => {
    const checkout = scenario.groups.find((g) => g.name === scenario.applicationFlood.group);
    expect(summary.knownFlood.applicationName).toBe(checkout?.applicationName);
    expect(summary.callerHosts.get(summary.knownFlood.host)).toBe(checkout?.applicationName);
    const lines = (await readFile(summary.files.notifications, 'utf8')).split('\n').filter(Boolean);
    const notes = lines.map((l) => JSON.parse(l) as AlarmNotification);
    expect(notes).toEqual(summary.notifications);
    const episodeOf = (alarm: string) =>
      summary.episodes.find((e) => e.alarm === alarm) as AlarmEpisode;
    const unknown = episodeOf('UnknownSourceRequests');
    const flood = episodeOf('ApplicationFlood');
    const pick = (n: AlarmNotification) => [
      n.alarm,
      n.state,
      n.applicationName,
      n.contact,
      n.alarmAt,
      n.sentAt,
    ];
    expect(notes.map(pick).sort()).toEqual(
      [
        ['UnknownSourceRequests', 'ALARM', 'UNKNOWN', null, unknown.alarmAt, unknown.notifiedAt],
        ['UnknownSourceRequests', 'OK', 'UNKNOWN', null, unknown.okAt, unknown.okNotifiedAt],
        [
          'ApplicationFlood',
          'ALARM',
          'checkout',
          checkout?.contact,
          flood.alarmAt,
          flood.notifiedAt,
        ],
        ['ApplicationFlood', 'OK', 'checkout', checkout?.contact, flood.okAt, flood.okNotifiedAt],
      ].sort(),
    );
    // The heaviest host named is the flooding one; the count is what the evaluation saw of the
    // 5 minutes that tripped it: above the threshold, at most the aggregates' total for them.
    const alarmOf = (app: string) =>
      notes.find((n) => n.state === 'ALARM' && n.applicationName === app);
    expect(alarmOf('UNKNOWN')?.topHosts[0].host).toBe(scenario.flood.host);
    const known = alarmOf('checkout');
    expect(known?.topHosts[0].host).toBe(summary.knownFlood.host);
    const periodMs = ALARM_PERIOD_SECONDS * 1000;
    const total = [...sums.requests]
      .filter(([k]) => {
        const [minute, a] = k.split('|');
        const t = Date.parse(minute) - Date.parse(known?.windowStart ?? '');
        return a === 'checkout' && t >= 0 && t < periodMs;
      })
      .reduce((n, [, v]) => n + v, 0);
    expect(known?.requestCount).toBeGreaterThan(scenario.applicationThreshold ?? 0);
    expect(known?.requestCount).toBeLessThanOrEqual(total);
    // One story per message (issue 20): the count is the Sum of the application's aggregates over
    // exactly [windowStart, windowStart + 5 min), which windowEnd names, and its heaviest hosts
    // are of the same minutes: none, nor all listed together, above the count.
    for (const n of notes) {
      const start = Date.parse(n.windowStart ?? '');
      const own = [...sums.requests].filter(([k]) => {
        const [minute, a] = k.split('|');
        const t = Date.parse(minute) - start;
        return a === n.applicationName && t >= 0 && t < periodMs;
      });
      expect(n.requestCount).toBe(own.reduce((sum, [, v]) => sum + v, 0));
      expect(n.windowEnd).toBe(new Date(start + periodMs).toISOString());
      for (const h of n.topHosts) expect(h.requestCount).toBeLessThanOrEqual(n.requestCount ?? 0);
      const listed = n.topHosts.reduce((sum, h) => sum + h.requestCount, 0);
      expect(listed).toBeLessThanOrEqual(n.requestCount ?? 0);
    }
  });

  it('archives every line: each notification’s drill-down over out/archive counts its requests', async () => {
    const archive = join(summary.files.dir, ARCHIVE_DIR);
    const alarms = summary.notifications.filter((n) => n.state === 'ALARM');
    expect(alarms.length).toBeGreaterThan(0);
    for (const n of alarms) {
      expect(n.drillDown).toBe(drillDownOf(n)?.command);
      const drill = drillDownOf(n);
      if (drill === null) throw new Error(`no drill-down for ${n.applicationName}`);
      expect(n.drillDown).toMatch(
        n.applicationName === UNKNOWN_APPLICATION
          ? /^npx fleetlog query unknown-hosts --from \S+ --to \S+$/
          : new RegExp(`^npx fleetlog query top-paths --application ${n.applicationName} --from`),
      );
      // A large limit: every path (or host) of the window, so the counts add up to the window's.
      const query = { ...drill.query, parameters: { ...drill.query.parameters, limit: 10_000 } };
      const { rows } = await runDuckDbArchiveSql(renderDuckDbNamedQuery(query, archive), archive);
      const requests = rows.reduce((sum, r) => sum + Number(r['request_count']), 0);
      expect(requests).toBe(n.requestCount);
    }
  }, 60_000);

  it('leaves the floods’ heaviest hosts in the bucket for the notifier (recent-top-hosts.json)', () => {
    const windowOf = (start: string) =>
      summary.recentTopHosts?.windows.find((w) => w.windowStart === start)?.applications ?? [];
    const checkout = windowOf(summary.knownFlood.bucket).find(
      (a) => a.applicationName === 'checkout',
    );
    expect(checkout?.topHosts[0].host).toBe(summary.knownFlood.host);
    expect(checkout?.requestCount).toBe(sums.requests.get(`${summary.knownFlood.bucket}|checkout`));
    expect(checkout?.contact).toBe('team-checkout@example.com');
    const unknown = windowOf(summary.floodBucket).find(
      (a) => a.applicationName === UNKNOWN_APPLICATION,
    );
    expect(unknown?.topHosts[0].host).toBe(scenario.flood.host);
    // Bounded: the newest RECENT_TOP_HOSTS_LIMITS.windows one-minute windows only.
    expect(summary.recentTopHosts?.windows).toHaveLength(RECENT_TOP_HOSTS_LIMITS.windows);
  });

  it('shows a per-application table on the dashboard with the flood marked', async () => {
    const html = await readFile(summary.files.dashboard, 'utf8');
    const table = html.slice(html.indexOf('<table id="applications">'));
    expect(table).toMatch(/<tr data-application="checkout" class="flood"><td>checkout<\/td>/);
    expect(table).toContain('team-checkout@example.com');
    expect(table).toMatch(/data-application="search"><td>search<\/td>.*<td class="OK">OK<\/td>/);
    expect(table).toMatch(/data-application="UNKNOWN" class="flood">/);
    // The alarm list and bands tell the same story: checkout's flood is an ApplicationFlood row,
    // dated, with its delay.
    expect(html).toContain(
      `{"id":"ApplicationFlood · checkout","state":"FIRED","threshold":${scenario.applicationThreshold},"episodes":"1×: ${summary.episodes.find((e) => e.alarm === 'ApplicationFlood')?.alarmAt?.slice(0, 10)} `,
    );
  });

  it('leaves in S3 the map of the final fleet: in-service instances, static rows and hosts in grace', async () => {
    const graceMs = DEFAULT_GRACE_PERIOD_MINUTES * MINUTE;
    const rowsOf = (instance: DemoSummary['instances'][number]): string[] => {
      const group = scenario.groups.find((g) => g.name === instance.group);
      if (!group) throw new Error(`no group ${instance.group}`);
      const addresses = [instance.privateIp, ...(instance.ipv6 ? [instance.ipv6] : [])];
      return addresses.map((a) => `${a},${group.applicationName},${group.contact}`);
    };
    const inService = summary.instances.filter((i) => i.state === 'InService');
    const inGrace = summary.instances.filter(
      (i) =>
        i.state === 'Terminated' && (i.terminatedAtMs ?? 0) + graceMs > summary.lastLifecycleMs,
    );
    const expired = summary.instances.filter(
      (i) =>
        i.state === 'Terminated' && (i.terminatedAtMs ?? 0) + graceMs <= summary.lastLifecycleMs,
    );
    // The plan makes both cases happen, or this test would prove less than it says.
    expect(inGrace).toHaveLength(1);
    expect(expired).toHaveLength(1);
    const initial = scenario.groups.reduce((n, g) => n + g.initialInstances, 0);
    expect(inService).toHaveLength(scenario.scalePlan.reduce((n, s) => n + s.change, initial));

    const expected = [
      ...scenario.staticHosts.map((r) => `${r.host},${r.applicationName},${r.contact ?? ''}`),
      ...inService.flatMap(rowsOf),
      ...inGrace.flatMap(rowsOf),
    ].sort();
    const file = await readFile(summary.files.map, 'utf8');
    expect(file.split(/\r?\n/)[0]).toBe('Host,ApplicationName,Contact');
    expect(csvRows(file)).toEqual(expected);
    expect(csvRows(summary.mapCsv)).toEqual(expected);
    // The scale events the dashboard shows are the plan's, after the initial launches.
    const planned = scenario.scalePlan.reduce((n, s) => n + Math.abs(s.change), 0);
    expect(summary.scaleEvents.filter((e) => e.atMs > scenario.startMs)).toHaveLength(planned);
  });
});
