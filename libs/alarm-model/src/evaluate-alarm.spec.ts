import fc from 'fast-check';
import { evaluateAlarm } from './evaluate-alarm';
import type { AlarmRule, AlarmState, TreatMissingData } from './rule';
import type { ArrivedDatapoint } from './series-index';
import { FLOOD_RULE } from './__fixtures__/rules';

const MINUTE = 60_000;
/** 2026-11-30T10:00:00Z: "minute k" below is `[T0 + (k-1) min, T0 + k min)`. */
const T0 = Date.UTC(2026, 10, 30, 10, 0);
const at = (minutes: number) => T0 + minutes * MINUTE;

/** A data point for minute k (its timestamp is the minute's start) arriving `lag` after it ends. */
function minute(k: number, value: number, lagMinutes = 0): ArrivedDatapoint {
  return { timestampMs: at(k - 1), value, arrivedAtMs: at(k + lagMinutes) };
}

const FIVE_MINUTES: AlarmRule = {
  periodSeconds: 300,
  evaluationPeriods: 1,
  threshold: 50,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
};

function statesBy(run: ReturnType<typeof evaluateAlarm>): Record<number, AlarmState> {
  return Object.fromEntries(run.evaluations.map((e) => [(e.atMs - T0) / MINUTE, e.state]));
}

describe('evaluateAlarm: sliding windows (alarm-evaluation.html)', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html: "if the
  // Period is 5 minutes (300 seconds) and Evaluation Periods is 1, then at the end of minute 5 the
  // alarm evaluates based on data from minutes 1 to 5. Then at the end of minute 6, the alarm is
  // evaluated based on the data from minutes 2 to 6."
  it('evaluates minutes 1 to 5 at the end of minute 5, minutes 2 to 6 at the end of minute 6', () => {
    const points = [minute(1, 60), ...[2, 3, 4, 5, 6].map((k) => minute(k, 1))];
    const run = evaluateAlarm(FIVE_MINUTES, points, {
      firstEvaluationMs: at(5),
      lastEvaluationMs: at(6),
    });
    expect(run.evaluations.map((e) => e.datapoints)).toEqual([
      [{ periodStartMs: at(0), periodEndMs: at(5), value: 64, breaching: true }],
      [{ periodStartMs: at(1), periodEndMs: at(6), value: 5, breaching: false }],
    ]);
    expect(statesBy(run)).toEqual({ 5: 'ALARM', 6: 'OK' });
  });

  it('counts a late data point only from the evaluation at which it has arrived', () => {
    // Minute 5's data point reaches CloudWatch 2 minutes after minute 5 ends: it is not in the
    // newest period at the end of minutes 5 and 6, and the alarm fires at the end of minute 7,
    // when minutes 3 to 7 include it.
    const points = [minute(5, 80, 2), ...[1, 2, 3, 4, 6, 7, 8].map((k) => minute(k, 1))];
    const run = evaluateAlarm(FIVE_MINUTES, points, {
      firstEvaluationMs: at(5),
      lastEvaluationMs: at(10),
    });
    expect(statesBy(run)).toEqual({
      5: 'OK',
      6: 'OK',
      7: 'ALARM',
      8: 'ALARM',
      9: 'ALARM',
      10: 'OK',
    });
    expect(run.transitions.map((t) => [(t.atMs - T0) / MINUTE, t.from, t.to])).toEqual([
      [5, 'INSUFFICIENT_DATA', 'OK'],
      [7, 'OK', 'ALARM'],
      [10, 'ALARM', 'OK'],
    ]);
    expect(run.transitions[1].trigger).toEqual({
      periodStartMs: at(2),
      periodEndMs: at(7),
      value: 84,
      breaching: true,
    });
    expect(run.transitions[1].reason).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold (50) (1 needed for ALARM)',
    );
  });

  it('sums partials sharing a timestamp, each counted once it has arrived', () => {
    const points = [minute(1, 30, 0), minute(1, 30, 2), minute(2, 0)];
    const run = evaluateAlarm(FIVE_MINUTES, points, {
      firstEvaluationMs: at(1),
      lastEvaluationMs: at(4),
    });
    expect(run.evaluations.map((e) => e.datapoints[0]?.value)).toEqual([30, 30, 60, 60]);
    expect(statesBy(run)).toEqual({ 1: 'OK', 2: 'OK', 3: 'ALARM', 4: 'ALARM' });
  });

  it('evaluates on whole minutes only, the ends of the schedule rounded inwards', () => {
    const run = evaluateAlarm(FIVE_MINUTES, [], {
      firstEvaluationMs: at(1) + 30_000,
      lastEvaluationMs: at(4) - 1,
    });
    expect(run.evaluations.map((e) => e.atMs)).toEqual([at(2), at(3)]);
  });

  it('does not see a data point arriving a millisecond after the evaluation instant', () => {
    const late: ArrivedDatapoint = { timestampMs: at(0), value: 99, arrivedAtMs: at(1) + 1 };
    const run = evaluateAlarm(FIVE_MINUTES, [late], {
      firstEvaluationMs: at(1),
      lastEvaluationMs: at(2),
    });
    expect(statesBy(run)).toEqual({ 1: 'OK', 2: 'ALARM' });
  });
});

describe('evaluateAlarm: M out of N', () => {
  const oneMinute = (m: number): AlarmRule => ({
    periodSeconds: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: m,
    threshold: 10,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'missing',
  });
  const values = [10, 0, 10, 0, 0, 10, 10, 10];
  const points = values.map((v, i) => minute(i + 1, v));
  const schedule = { firstEvaluationMs: at(3), lastEvaluationMs: at(8) };

  it('2 out of 3: ALARM while two of the last three breach', () => {
    // last three at the end of minute 3: 10 0 10; 4: 0 10 0; 5: 10 0 0; 6: 0 0 10; 7: 0 10 10.
    expect(statesBy(evaluateAlarm(oneMinute(2), points, schedule))).toEqual({
      3: 'ALARM',
      4: 'OK',
      5: 'OK',
      6: 'OK',
      7: 'ALARM',
      8: 'ALARM',
    });
  });

  it('3 out of 3: ALARM only when all three breach', () => {
    expect(statesBy(evaluateAlarm(oneMinute(3), points, schedule))).toEqual({
      3: 'OK',
      4: 'OK',
      5: 'OK',
      6: 'OK',
      7: 'OK',
      8: 'ALARM',
    });
  });

  it('compares with each operator', () => {
    const low = (comparison: AlarmRule['comparison']) =>
      evaluateAlarm({ ...FIVE_MINUTES, comparison, threshold: 5 }, [minute(1, 5)], {
        firstEvaluationMs: at(1),
        lastEvaluationMs: at(1),
      }).finalState;
    expect(low('GreaterThanThreshold')).toBe('OK');
    expect(low('GreaterThanOrEqualToThreshold')).toBe('ALARM');
    expect(low('LessThanThreshold')).toBe('OK');
    expect(low('LessThanOrEqualToThreshold')).toBe('ALARM');
  });
});

describe('evaluateAlarm: when the metric stops', () => {
  // One breaching minute, then nothing: the look-back keeps finding it while it is in the
  // evaluation range (3 periods by default for N = 1), then the treatment decides. "CloudWatch
  // alarms might repeatedly re-evaluate the last set of data points for a period of time after the
  // metric has stopped flowing" (alarms-and-missing-data.html).
  const rule = (treatMissingData: TreatMissingData): AlarmRule => ({
    periodSeconds: 60,
    evaluationPeriods: 1,
    threshold: 10,
    comparison: 'GreaterThanThreshold',
    treatMissingData,
  });
  const schedule = { firstEvaluationMs: at(1), lastEvaluationMs: at(5) };

  it.each([
    ['missing', 'INSUFFICIENT_DATA'],
    ['ignore', 'ALARM'],
    ['breaching', 'ALARM'],
    ['notBreaching', 'OK'],
  ] as const)('treated as %s: ALARM for the range, then %s', (treatment, after) => {
    const run = evaluateAlarm(rule(treatment), [minute(1, 11)], schedule);
    expect(statesBy(run)).toEqual({ 1: 'ALARM', 2: 'ALARM', 3: 'ALARM', 4: after, 5: after });
    expect(run.evaluations[1]).toMatchObject({ basis: 'datapoints', filled: 0 });
    expect(run.evaluations[1].datapoints[0].periodStartMs).toBe(at(0));
  });

  it('looks back past missing periods to the N most recent real data points', () => {
    // N = 2, range 4 (minutes 3 to 6): minutes 4 and 6 are missing, so the evaluated data points
    // are minutes 3 and 5, reaching back over minute 4.
    const points = [minute(2, 20), minute(3, 20), minute(5, 1)];
    const run = evaluateAlarm(
      { ...rule('breaching'), evaluationPeriods: 2, datapointsToAlarm: 2 },
      points,
      { firstEvaluationMs: at(6), lastEvaluationMs: at(6) },
    );
    expect(run.evaluations[0].datapoints.map((d) => d.periodStartMs)).toEqual([at(2), at(4)]);
    expect(run.finalState).toBe('OK');
  });
});

describe('evaluateAlarm: order and causality', () => {
  const rule: AlarmRule = FLOOD_RULE;
  const schedule = { firstEvaluationMs: at(0), lastEvaluationMs: at(40) };
  const point = fc.record({
    timestampMs: fc.integer({ min: -10, max: 40 }).map((m) => at(m)),
    value: fc.integer({ min: 0, max: 80 }),
    lagMs: fc.integer({ min: 0, max: 8 * MINUTE }),
  });
  const points = fc.array(point, { maxLength: 60 }).map((list) =>
    list.map(({ timestampMs, value, lagMs }) => ({
      timestampMs,
      value,
      arrivedAtMs: timestampMs + lagMs,
    })),
  );

  it('gives the same result whatever the order of the data points', () => {
    fc.assert(
      fc.property(
        points.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
          ),
        ),
        ([list, shuffled]) => {
          expect(evaluateAlarm(rule, shuffled, schedule)).toEqual(
            evaluateAlarm(rule, list, schedule),
          );
        },
      ),
    );
  });

  it('never changes a state already evaluated: data arriving later only affects later evaluations', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 0, max: 40 }), (list, cut) => {
        const known = list.filter((p) => p.arrivedAtMs <= at(cut));
        const full = evaluateAlarm(rule, list, schedule).evaluations.slice(0, cut + 1);
        const partial = evaluateAlarm(rule, known, schedule).evaluations.slice(0, cut + 1);
        expect(full).toEqual(partial);
      }),
    );
  });

  it('ignores a data point that arrives after its timestamp has left the evaluation range', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => minute(k, 10));
    // Minute 2's huge value arrives at the end of minute 30: by then the range (4 periods of
    // 5 minutes) starts at minute 10.
    const stale = minute(2, 1_000, 28);
    expect(evaluateAlarm(rule, [...base, stale], schedule)).toEqual(
      evaluateAlarm(rule, base, schedule),
    );
  });
});

describe('evaluateAlarm: refusals', () => {
  const schedule = { firstEvaluationMs: at(0), lastEvaluationMs: at(1) };
  it.each([
    [{ periodSeconds: 30 }, /multiple of 60/],
    [{ evaluationPeriods: 0 }, /evaluationPeriods/],
    [{ datapointsToAlarm: 2 }, /must not exceed/],
    [{ periodSeconds: 3600, evaluationPeriods: 25 }, /one day/],
    [{ threshold: Number.NaN }, /threshold/],
  ])('refuses %p', (override, message) => {
    expect(() => evaluateAlarm({ ...FIVE_MINUTES, ...override }, [], schedule)).toThrow(message);
  });

  it('refuses an evaluation range shorter than N and non-finite data points', () => {
    expect(() => evaluateAlarm(FIVE_MINUTES, [], schedule, { evaluationRangePeriods: 0 })).toThrow(
      /evaluationRangePeriods/,
    );
    expect(() => evaluateAlarm(FIVE_MINUTES, [minute(1, Number.NaN)], schedule)).toThrow(
      /non-finite/,
    );
  });
});
