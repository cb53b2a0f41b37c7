import { readFile } from 'node:fs/promises';
import {
  ALARM_PERIOD_SECONDS,
  DEFAULT_GRACE_PERIOD_MINUTES,
  RECENT_TOP_HOSTS_LIMITS,
  UNKNOWN_APPLICATION,
} from '@fleetlog/pipeline-config';
import { runDemo, type DemoSummary } from './demo';
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

  it('fires UnknownSourceRequests in the flood bucket and in no other', async () => {
    const period = (iso: string, k: number) =>
      new Date(Date.parse(iso) + k * ALARM_PERIOD_SECONDS * 1000).toISOString();
    const file = JSON.parse(await readFile(summary.files.alarms, 'utf8')) as {
      alarms: {
        id: string;
        threshold: number;
        alarmPeriods: { periodStart: string; value: number }[];
      }[];
    };
    const alarm = file.alarms.find((a) => a.id === 'UnknownSourceRequests');
    expect(alarm).toBeDefined();
    // The flood's 5 minutes, held one period more (DatapointsToAlarm 1 of EvaluationPeriods 2).
    expect(alarm?.alarmPeriods.map((p) => p.periodStart)).toEqual([
      summary.floodBucket,
      period(summary.floodBucket, 1),
    ]);
    expect(alarm?.alarmPeriods[1].value).toBeLessThanOrEqual(alarm?.threshold ?? 100);
    expect(summary.floodBucket).toBe(
      new Date(scenario.startMs + scenario.flood.atMinute * MINUTE).toISOString(),
    );

    // The metrics actually published agree with the aggregates, bucket by bucket.
    const published = new Map<string, number>();
    for (const line of (await readFile(summary.files.metrics, 'utf8')).split('\n')) {
      if (line === '') continue;
      const input = JSON.parse(line) as RecordedInput;
      for (const d of input.MetricData ?? []) {
        const dims = d.Dimensions ?? [];
        if (
          d.MetricName !== 'RequestCount' ||
          dims.length !== 1 ||
          dims[0].Value !== UNKNOWN_APPLICATION
        )
          continue;
        const value =
          d.StatisticValues?.Sum ??
          (d.Values
            ? d.Values.reduce((s, v, i) => s + v * (d.Counts?.[i] ?? 1), 0)
            : (d.Value ?? 0));
        const t = new Date(d.Timestamp ?? '').toISOString();
        published.set(t, (published.get(t) ?? 0) + value);
      }
    }
    const unknownPerBucket = new Map(
      [...sums.requests]
        .filter(([k]) => k.endsWith(`|${UNKNOWN_APPLICATION}`))
        .map(([k, v]): [string, number] => [k.split('|')[0], v]),
    );
    expect(sorted(published)).toEqual(sorted(unknownPerBucket));
    const threshold = alarm?.threshold ?? 100;
    for (const [bucket, count] of unknownPerBucket) {
      if (bucket === summary.floodBucket) expect(count).toBeGreaterThan(threshold);
      else expect(count).toBeLessThanOrEqual(threshold);
    }
  });

  it('fires ApplicationFlood for the known flood only, and writes both floods with who to call', async () => {
    // OK comes after the flood's 5 minutes and the one that holds it (1 of 2 periods).
    const periodMs = ALARM_PERIOD_SECONDS * 1000;
    const next = (iso: string) => new Date(Date.parse(iso) + 2 * periodMs).toISOString();
    const periodSum = (start: string, app: string) =>
      [...sums.requests]
        .filter(([k]) => {
          const [minute, a] = k.split('|');
          const t = Date.parse(minute) - Date.parse(start);
          return a === app && t >= 0 && t < periodMs;
        })
        .reduce((n, [, v]) => n + v, 0);
    const checkout = scenario.groups.find((g) => g.name === scenario.applicationFlood.group);
    expect(summary.knownFlood).toMatchObject({
      bucket: new Date(
        scenario.startMs + scenario.applicationFlood.atMinute * MINUTE,
      ).toISOString(),
      applicationName: checkout?.applicationName,
    });
    expect(summary.callerHosts.get(summary.knownFlood.host)).toBe(checkout?.applicationName);

    const file = JSON.parse(await readFile(summary.files.alarms, 'utf8')) as {
      applicationFlood: {
        threshold: number;
        breaches: { windowStart: string; applicationName: string }[];
      };
    };
    expect(file.applicationFlood.threshold).toBe(scenario.applicationThreshold);
    expect(file.applicationFlood.breaches.map((b) => [b.windowStart, b.applicationName])).toEqual([
      [summary.knownFlood.bucket, 'checkout'],
    ]);
    // The aggregates agree: only that (bucket, known application) is above the threshold.
    const above = [...sums.requests]
      .filter(
        ([k, v]) =>
          !k.endsWith(`|${UNKNOWN_APPLICATION}`) && v > (scenario.applicationThreshold ?? 0),
      )
      .map(([k]) => k);
    expect(above).toEqual([`${summary.knownFlood.bucket}|checkout`]);

    const lines = (await readFile(summary.files.notifications, 'utf8')).split('\n').filter(Boolean);
    const notes = lines.map(
      (l) => JSON.parse(l) as Record<string, unknown> & { topHosts: { host: string }[] },
    );
    expect(
      notes.map((n) => [
        n['alarm'],
        n['state'],
        n['applicationName'],
        n['contact'],
        n['windowStart'],
      ]),
    ).toEqual(
      [
        ['UnknownSourceRequests', 'ALARM', 'UNKNOWN', null, summary.floodBucket],
        ['UnknownSourceRequests', 'OK', 'UNKNOWN', null, next(summary.floodBucket)],
        ['ApplicationFlood', 'ALARM', 'checkout', checkout?.contact, summary.knownFlood.bucket],
        ['ApplicationFlood', 'OK', 'checkout', checkout?.contact, next(summary.knownFlood.bucket)],
      ].sort(
        (a, b) =>
          String(a[4]).localeCompare(String(b[4])) || String(a[0]).localeCompare(String(b[0])),
      ),
    );
    const alarmOf = (app: string) =>
      notes.find((n) => n['state'] === 'ALARM' && n['applicationName'] === app);
    // The heaviest host named is the flooding one, and the count is the 5 minutes' (the sum of
    // their one-minute buckets); the state change and the message are dated.
    expect(alarmOf('UNKNOWN')?.topHosts[0].host).toBe(scenario.flood.host);
    expect(alarmOf('checkout')?.topHosts[0].host).toBe(summary.knownFlood.host);
    expect(alarmOf('checkout')).toMatchObject({
      schemaVersion: 1,
      requestCount: periodSum(summary.knownFlood.bucket, 'checkout'),
      threshold: scenario.applicationThreshold,
    });
    for (const n of notes) {
      expect(Date.parse(String(n['alarmAt']))).toBeGreaterThan(
        Date.parse(String(n['windowStart'])),
      );
      expect(Date.parse(String(n['sentAt']))).toBeGreaterThanOrEqual(
        Date.parse(String(n['alarmAt'])),
      );
    }
    expect(summary.notifications).toHaveLength(4);
  });

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
    // The alarm list and bands tell the same story: checkout's flood is an ApplicationFlood row.
    expect(html).toContain(
      `{"id":"ApplicationFlood · checkout","state":"ALARM","threshold":${scenario.applicationThreshold},"periods":["${summary.knownFlood.bucket} – `,
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
