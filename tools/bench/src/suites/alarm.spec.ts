import { replayAccessLog, type EpisodeStats } from '@fleetlog/local-pipeline';
import { runBench } from '../runner';
import { alarmSuite, SLOW_FLOOD_REASON, type AlarmRunners } from './alarm';
import { diurnalFactor, peakFiveMinutes } from './alarm-traffic';

const stats = (overrides: Partial<EpisodeStats> = {}): EpisodeStats => ({
  fired: 2,
  missed: 0,
  flaps: 0,
  medianDelaySeconds: 80,
  worstDelaySeconds: 80,
  inconsistent: 0,
  maxNotificationsPerFlood: 1,
  tooLateToAlarm: 0,
  ...overrides,
});

describe('alarm suite on tiny sizes (no timing)', () => {
  it('replays a diurnal log at low thresholds through the model and judges the figures', async () => {
    const demoMinutes: number[] = [];
    const thresholds: (number | undefined)[][] = [];
    const runners: AlarmRunners = {
      demo: async (minutes) => {
        demoMinutes.push(minutes);
        return { episodeStats: stats({ medianDelaySeconds: 300, worstDelaySeconds: 310 }) };
      },
      replay: async (options) => {
        thresholds.push([options.applicationThreshold, options.unknownSourceThreshold]);
        return replayAccessLog(options);
      },
    };
    const results = await runBench({
      quick: true,
      only: new Set(['alarm']),
      out: '',
      loaders: { alarm: async () => (ctx) => alarmSuite(ctx, runners) },
      sizes: { alarmDemoMinutes: 70, alarmLogHours: 3, alarmLinesPerHour: 2_000 },
    });
    expect(results.skipped).toEqual([]);
    expect(demoMinutes).toEqual([70]);
    const f = new Map(results.figures.map((x) => [x.id, x]));
    // The demo's stand-in figures, judged against ARCHITECTURE.md section 8, the reason named.
    expect(f.get('alarm.demo.medianDelaySeconds')).toMatchObject({
      median: 300,
      budget: { verdict: 'fail', text: '<= 2 min' },
    });
    expect(f.get('alarm.demo.medianDelaySeconds')?.note).toContain(SLOW_FLOOD_REASON);
    expect(f.get('alarm.demo.flaps')?.budget?.verdict).toBe('pass');
    // The real replay of a 3-hour diurnal log: thresholds from its own peaks, episodes found.
    const [[app, unknown]] = thresholds;
    expect(app).toBeGreaterThan(0);
    expect(unknown).toBeGreaterThan(0);
    const median = f.get('alarm.replay.medianDelaySeconds');
    expect(median?.median).toBeGreaterThan(0);
    expect(median?.note).toMatch(/^\d+ episodes, \d+ missed, \d+ data points too late to alarm/);
    expect(f.get('alarm.replay.notificationsPerFlood')?.budget?.text).toBe(
      '1 per application per flood',
    );
    for (const id of ['flaps', 'missed', 'tooLateToAlarm', 'worstDelaySeconds'])
      expect(f.has(`alarm.replay.${id}`)).toBe(true);
  }, 120_000);

  it('peaks in the afternoon and sums the heaviest 5 minutes', () => {
    expect(diurnalFactor(15)).toBeCloseTo(1.8);
    expect(diurnalFactor(3)).toBeCloseTo(0.2);
    const minutes = new Map([0, 1, 2, 3, 4, 5, 6].map((m) => [m * 60_000, m]));
    expect(peakFiveMinutes(minutes)).toBe(2 + 3 + 4 + 5 + 6);
  });
});
