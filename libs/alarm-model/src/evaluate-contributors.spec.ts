/**
 * Metrics Insights alarms with GROUP BY:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html
 */
import fc from 'fast-check';
import { evaluateAlarm } from './evaluate-alarm';
import { evaluateContributorAlarm, type ContributorDatapoint } from './evaluate-contributors';
import type { AlarmRule } from './rule';
import { FLOOD_RULE } from './__fixtures__/rules';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30, 10, 0);
const at = (minutes: number) => T0 + minutes * MINUTE;

/** Minute k (`[T0 + (k-1) min, T0 + k min)`) of a contributor, arriving `lag` after it ends. */
function point(contributor: string, k: number, value: number, lag = 0): ContributorDatapoint {
  return { contributor, timestampMs: at(k - 1), value, arrivedAtMs: at(k + lag) };
}
function minutes(contributor: string, from: number, to: number, value: number, lag = 0) {
  const list: ContributorDatapoint[] = [];
  for (let k = from; k <= to; k++) list.push(point(contributor, k, value, lag));
  return list;
}

/** One-minute periods keep the arithmetic short; N = 1, range 3. */
const RULE: AlarmRule = {
  periodSeconds: 60,
  evaluationPeriods: 1,
  threshold: 100,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
};
const schedule = (from: number, to: number) => ({
  firstEvaluationMs: at(from),
  lastEvaluationMs: at(to),
});
const summary = (run: ReturnType<typeof evaluateContributorAlarm>) =>
  run.contributorTransitions.map((t) => [t.contributor, (t.atMs - T0) / MINUTE, t.to]);

describe('evaluateContributorAlarm', () => {
  it('evaluates each contributor separately; the alarm is ALARM while any contributor is', () => {
    const data = [
      ...minutes('billing', 1, 10, 5),
      ...minutes('checkout', 1, 3, 5),
      ...minutes('checkout', 4, 6, 500),
      ...minutes('checkout', 7, 10, 5),
    ];
    const run = evaluateContributorAlarm(RULE, data, schedule(1, 10));
    expect(summary(run)).toEqual([
      ['checkout', 4, 'ALARM'],
      ['checkout', 7, 'OK'],
    ]);
    expect(run.contributorTransitions[0].trigger).toEqual({
      periodStartMs: at(3),
      periodEndMs: at(4),
      value: 500,
      breaching: true,
    });
    expect(run.transitions.map((t) => [(t.atMs - T0) / MINUTE, t.from, t.to, t.reason])).toEqual([
      [1, 'INSUFFICIENT_DATA', 'OK', '0 out of 2 time series evaluated to ALARM'],
      [4, 'OK', 'ALARM', '1 out of 2 time series evaluated to ALARM'],
      [7, 'ALARM', 'OK', '0 out of 2 time series evaluated to ALARM'],
    ]);
    expect(run.evaluations[3]).toEqual({
      atMs: at(4),
      state: 'ALARM',
      returned: 2,
      inAlarm: 1,
      capped: 0,
    });
  });

  it.each(['missing', 'ignore', 'breaching', 'notBreaching'] as const)(
    'puts a contributor the query no longer returns to OK, whatever the treatment (%s)',
    (treatMissingData) => {
      const data = [...minutes('billing', 1, 12, 5), ...minutes('checkout', 1, 4, 500)];
      const run = evaluateContributorAlarm({ ...RULE, treatMissingData }, data, schedule(1, 12));
      const checkout = run.contributorTransitions.filter((t) => t.contributor === 'checkout');
      // The last data point (minute 4) leaves the 3-minute range at the end of minute 7.
      expect(checkout.map((t) => [(t.atMs - T0) / MINUTE, t.to, t.basis, t.reason])).toEqual([
        [1, 'ALARM', 'datapoints', expect.stringContaining('Threshold Crossed')],
        [7, 'OK', 'notReturned', 'No data was returned for this contributor'],
      ]);
      expect(run.finalContributorsInAlarm).toEqual([]);
    },
  );

  it('applies the missing-data treatment per data point within a contributor', () => {
    // 2 out of 3, range 5: "- - - - 0" is ALARM when missing data is breaching (table 2 row 4).
    const rule: AlarmRule = {
      ...RULE,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'breaching',
    };
    const run = evaluateContributorAlarm(rule, [point('checkout', 5, 5)], schedule(5, 5));
    expect(summary(run)).toEqual([['checkout', 5, 'ALARM']]);
    expect(run.contributorTransitions[0].basis).toBe('filled');
  });

  it('never puts a contributor in INSUFFICIENT_DATA: an undecided contributor keeps its state', () => {
    // Treated as missing, "- - - - X" (3 of 3) would send a single-metric alarm to
    // INSUFFICIENT_DATA; then "- - X - -" is premature ALARM; "- X - - -" would be
    // INSUFFICIENT_DATA again, where the contributor stays in ALARM until the X leaves the range.
    const rule: AlarmRule = { ...RULE, evaluationPeriods: 3, treatMissingData: 'missing' };
    const run = evaluateContributorAlarm(
      rule,
      [point('checkout', 5, 500), ...minutes('billing', 1, 10, 1)],
      schedule(5, 10),
    );
    expect(summary(run)).toEqual([
      ['checkout', 7, 'ALARM'],
      ['checkout', 10, 'OK'],
    ]);
    expect(run.contributorTransitions[1].reason).toBe('No data was returned for this contributor');
    const single = evaluateAlarm(rule, [point('checkout', 5, 500)], schedule(5, 10));
    expect(single.evaluations.map((e) => e.state)).toEqual([
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
      'ALARM',
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
    ]);
  });

  it('is INSUFFICIENT_DATA when the query returns no time series, OK or ALARM otherwise', () => {
    const run = evaluateContributorAlarm(
      { ...RULE, treatMissingData: 'breaching' },
      [point('billing', 3, 5)],
      schedule(1, 8),
    );
    expect(run.evaluations.map((e) => e.state)).toEqual([
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
      'OK',
      'OK',
      'OK',
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
    ]);
    expect(run.transitions.at(-1)?.reason).toBe('No time series were returned by the query');
  });

  it('evaluates a contributor that comes back as a new one, from OK', () => {
    const data = [...minutes('checkout', 1, 2, 500), ...minutes('checkout', 10, 11, 500)];
    const run = evaluateContributorAlarm(RULE, data, schedule(1, 12));
    expect(summary(run)).toEqual([
      ['checkout', 1, 'ALARM'],
      ['checkout', 5, 'OK'],
      ['checkout', 10, 'ALARM'],
    ]);
  });

  it('counts late data of a contributor once it has arrived', () => {
    const data = [...minutes('billing', 1, 10, 1), point('checkout', 3, 500, 2)];
    const run = evaluateContributorAlarm(RULE, data, schedule(1, 10));
    expect(summary(run)).toEqual([
      ['checkout', 5, 'ALARM'],
      ['checkout', 6, 'OK'],
    ]);
  });
});

describe('evaluateContributorAlarm: at most 100 contributors in ALARM', () => {
  const names = Array.from({ length: 150 }, (_, i) => `app-${String(i).padStart(3, '0')}`);

  it('keeps the 101st and later contributors OK, admitting them in name order as places free', () => {
    const data = names.flatMap((name) => minutes(name, 1, 10, 500));
    // app-000 … app-009 stop flooding after minute 5: their places go to app-100 … app-109.
    const calm = new Set(names.slice(0, 10));
    const run = evaluateContributorAlarm(
      RULE,
      data.map((p) => (calm.has(p.contributor) && p.timestampMs >= at(5) ? { ...p, value: 1 } : p)),
      schedule(1, 10),
    );
    expect(run.evaluations[0]).toEqual({
      atMs: at(1),
      state: 'ALARM',
      returned: 150,
      inAlarm: 100,
      capped: 50,
    });
    expect(run.transitions[0].reason).toBe('100+ time series evaluated to ALARM');
    const firstAlarms = run.contributorTransitions.filter((t) => t.atMs === at(1));
    expect(firstAlarms.map((t) => t.contributor)).toEqual(names.slice(0, 100));
    // At the end of minute 6 the ten calm ones go to OK and the next ten by name take their places
    // in the same evaluation.
    const sixth = run.contributorTransitions.filter((t) => t.atMs === at(6));
    expect(sixth.filter((t) => t.to === 'OK').map((t) => t.contributor)).toEqual(
      names.slice(0, 10),
    );
    expect(sixth.filter((t) => t.to === 'ALARM').map((t) => t.contributor)).toEqual(
      names.slice(100, 110),
    );
    expect(run.evaluations[5]).toMatchObject({ inAlarm: 100, capped: 40 });
    expect(run.finalContributorsInAlarm).toEqual(names.slice(10, 110));
  });

  it('takes another cap as an option', () => {
    const data = ['a', 'b', 'c'].flatMap((name) => minutes(name, 1, 1, 500));
    const run = evaluateContributorAlarm(RULE, data, schedule(1, 1), { maxContributorsInAlarm: 2 });
    expect(run.finalContributorsInAlarm).toEqual(['a', 'b']);
    expect(run.transitions[0].reason).toBe('2+ time series evaluated to ALARM');
    expect(() =>
      evaluateContributorAlarm(RULE, data, schedule(1, 1), { maxContributorsInAlarm: 0 }),
    ).toThrow(/maxContributorsInAlarm/);
  });
});

describe('evaluateContributorAlarm and evaluateAlarm agree on one time series', () => {
  it('for notBreaching, a contributor is in ALARM exactly when the single-metric alarm is', () => {
    const rule: AlarmRule = FLOOD_RULE;
    const data = fc.array(
      fc.record({
        k: fc.integer({ min: 1, max: 40 }),
        value: fc.integer({ min: 0, max: 60 }),
        lag: fc.integer({ min: 0, max: 5 }),
      }),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(data, (list) => {
        const points = list.map(({ k, value, lag }) => point('checkout', k, value, lag));
        const single = evaluateAlarm(rule, points, schedule(0, 45));
        const grouped = evaluateContributorAlarm(rule, points, schedule(0, 45));
        const inAlarm = grouped.evaluations.map((e) => e.inAlarm === 1);
        expect(inAlarm).toEqual(single.evaluations.map((e) => e.state === 'ALARM'));
      }),
    );
  });
});
