/**
 * fleetlog's alarms (ARCHITECTURE.md sections 6 and 6b) on the model: one data point a minute per
 * application, in shard partials, period 300 s, threshold 10,000 requests per 5 minutes, data
 * reaching CloudWatch minutes after its minute ends. The settings recommended in the README
 * (DatapointsToAlarm 1 of EvaluationPeriods 2, treatMissingData notBreaching) against the current
 * ones (1 of 1) and the obvious alternative (2 of 2).
 */
import {
  FLOOD_DEFAULTS,
  MINUTE_MS,
  SCENARIO_T0,
  contributorOutcome,
  singleMetricOutcome,
  type FloodOutcome,
  type FloodScenario,
} from './__fixtures__/flood-scenario';
import type { AlarmRule } from './rule';

const rule = (evaluationPeriods: number, datapointsToAlarm: number): AlarmRule => ({
  periodSeconds: 300,
  evaluationPeriods,
  datapointsToAlarm,
  threshold: 10_000,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
});
const RECOMMENDED = rule(2, 1);
const minuteOf = (ms: number) => (ms - SCENARIO_T0) / MINUTE_MS;
const story = (o: FloodOutcome) => o.changes.map((c) => [minuteOf(c.atMs), c.to]);

describe('a flood just over the threshold, data 2-3 minutes late (lags 2:10, 2:50, 3:00)', () => {
  // 2,100 requests a minute from minute 40 to minute 99: the 5 minutes 40-44 are the first over
  // 10,000 (10,500), so breachStart is the end of minute 44 (minute 45 of the timeline); the last
  // window over it ends at minute 100 (minutes 96-99 and one quiet minute: 8,420).
  const scenario = FLOOD_DEFAULTS;

  it('single metric: ALARM on the first breaching 5 minutes, held through the flood, OK once after', () => {
    const outcome = singleMetricOutcome(RECOMMENDED, scenario);
    expect(story(outcome)).toEqual([
      [0, 'OK'],
      [50, 'ALARM'],
      [106, 'OK'],
    ]);
    expect(outcome.delayMinutes).toBe(5);
    expect(outcome.okDelayMinutes).toBe(5);
  });

  it('contributor: the flooding application alone, once to ALARM and once back to OK', () => {
    const outcome = contributorOutcome(RECOMMENDED, scenario);
    expect(story(outcome)).toEqual([
      [50, 'ALARM'],
      [106, 'OK'],
    ]);
    expect(outcome.falseAlarms).toBe(0);
  });

  it('the current settings (1 of 1) never fire: the newest period is always incomplete', () => {
    // At each evaluation the newest 5 minutes hold at most 2 arrived minutes of the flood
    // (4,200), and no older period is evaluated.
    expect(singleMetricOutcome(rule(1, 1), scenario).alarms).toBe(0);
    expect(contributorOutcome(rule(1, 1), scenario).alarms).toBe(0);
  });

  it('2 of 2 never fires either: it needs the incomplete newest period to breach too', () => {
    expect(singleMetricOutcome(rule(2, 2), scenario).alarms).toBe(0);
  });

  it('gives the same answer for every evaluation range from N to N + 4 periods', () => {
    for (let range = 2; range <= 6; range++) {
      expect(story(singleMetricOutcome(RECOMMENDED, scenario, range)).slice(1)).toEqual([
        [50, 'ALARM'],
        [106, 'OK'],
      ]);
      expect(story(contributorOutcome(RECOMMENDED, scenario, range))).toEqual([
        [50, 'ALARM'],
        [106, 'OK'],
      ]);
    }
  });
});

describe('1 of 2, notBreaching, for 1 to 4 minutes of lag', () => {
  const cases: FloodScenario[] = [];
  for (const lagMinutes of [1, 2, 3, 4])
    for (const floodPerMinute of [2_100, 3_500, 12_000])
      for (const backgroundPerMinute of [0, 20])
        cases.push({
          ...FLOOD_DEFAULTS,
          lagsMs: [lagMinutes * MINUTE_MS],
          floodPerMinute,
          backgroundPerMinute,
        });

  it.each(cases.map((c) => [c.lagsMs[0] / MINUTE_MS, c.floodPerMinute, c.backgroundPerMinute, c]))(
    'lag %s min, %s a minute, background %s: one ALARM within 5 minutes, one OK after the flood',
    (_lag, _flood, _background, scenario) => {
      for (const outcome of [
        singleMetricOutcome(RECOMMENDED, scenario),
        contributorOutcome(RECOMMENDED, scenario),
      ]) {
        expect(outcome).toMatchObject({ alarms: 1, oks: 1, falseAlarms: 0 });
        expect(outcome.delayMinutes).toBeGreaterThanOrEqual(1);
        expect(outcome.delayMinutes).toBeLessThanOrEqual(5);
        // OK only once the flood's last breaching 5 minutes are over.
        expect(outcome.okDelayMinutes).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it('fires lag + 1 minutes after breachStart when one minute alone is over the threshold', () => {
    // 12,000 in one minute: breachStart is the end of the flood's first minute; that minute's
    // second partial arrives 20 s after the first, so it counts one evaluation after the lag.
    const delays = [1, 2, 3, 4].map(
      (lag) =>
        singleMetricOutcome(RECOMMENDED, {
          ...FLOOD_DEFAULTS,
          lagsMs: [lag * MINUTE_MS],
          floodPerMinute: 12_000,
        }).delayMinutes,
    );
    expect(delays).toEqual([2, 3, 4, 5]);
  });

  it('can flap once at the onset when the lag jitters across minute boundaries (a known limit)', () => {
    // Lags of 1:00, 0:20 and 0:40: from one evaluation to the next the newest, incomplete period
    // holds more or fewer arrived partials of a 2,600-a-minute flood, over the threshold at one
    // minute and under it at the next, before the complete period behind it is over it.
    const jittery = { ...FLOOD_DEFAULTS, lagsMs: [60_000, 20_000, 40_000], floodPerMinute: 2_600 };
    expect(story(singleMetricOutcome(RECOMMENDED, jittery))).toEqual([
      [0, 'OK'],
      [45, 'ALARM'],
      [47, 'OK'],
      [48, 'ALARM'],
      [107, 'OK'],
    ]);
  });
});
