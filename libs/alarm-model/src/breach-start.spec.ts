import { episodeBreachStart, zeroLatencyBreaches } from './breach-start';
import type { AlarmRule } from './rule';
import { FLOOD_RULE } from './__fixtures__/rules';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30, 10, 0);
const at = (minutes: number) => T0 + minutes * MINUTE;
/** Minute k is `[T0 + (k-1) min, T0 + k min)`; arrival deliberately far later. */
const minute = (k: number, value: number) => ({
  timestampMs: at(k - 1),
  value,
  arrivedAtMs: at(k + 60),
});

const RULE: AlarmRule = FLOOD_RULE;
const schedule = { firstEvaluationMs: at(0), lastEvaluationMs: at(30) };

describe('zeroLatencyBreaches', () => {
  it('starts at the first minute whose preceding 5 minutes sum above the threshold', () => {
    // 30 a minute from minute 3 to minute 12: minutes 3-6 sum to 120 at the end of minute 6.
    const points = Array.from({ length: 10 }, (_, i) => minute(i + 3, 30));
    expect(zeroLatencyBreaches(RULE, points, schedule)).toEqual([
      // Still above at the end of minute 13 (minutes 9-12, 120), not at the end of minute 14 (90).
      { breachStartMs: at(6), breachEndMs: at(14) },
    ]);
  });

  it('adds partials of a timestamp, whenever they arrived, and reports a breach still open', () => {
    const points = [minute(1, 60), minute(1, 41), minute(2, 0)];
    expect(zeroLatencyBreaches(RULE, points, { ...schedule, lastEvaluationMs: at(3) })).toEqual([
      { breachStartMs: at(1) },
    ]);
  });

  it('separates two breaches and never counts a period without data as breaching', () => {
    const lessThan: AlarmRule = { ...RULE, comparison: 'LessThanThreshold', threshold: 10 };
    const points = [minute(1, 5), minute(20, 5)];
    expect(zeroLatencyBreaches(lessThan, points, schedule)).toEqual([
      { breachStartMs: at(1), breachEndMs: at(6) },
      { breachStartMs: at(20), breachEndMs: at(25) },
    ]);
  });
});

describe('episodeBreachStart', () => {
  const breaches = [
    { breachStartMs: at(6), breachEndMs: at(14) },
    { breachStartMs: at(20), breachEndMs: at(22) },
    { breachStartMs: at(23) },
  ];

  it('names the earliest breach that began since the last return to OK, up to the alarm', () => {
    expect(episodeBreachStart(breaches, at(11))).toBe(at(6));
    expect(episodeBreachStart(breaches, at(25), at(15))).toBe(at(20));
    expect(episodeBreachStart(breaches, at(25), at(20))).toBe(at(23));
  });

  it('falls back to a breach under way before the last OK, else undefined', () => {
    expect(episodeBreachStart(breaches, at(12), at(8))).toBe(at(6));
    expect(episodeBreachStart(breaches, at(5))).toBeUndefined();
    expect(episodeBreachStart(breaches, at(16), at(15))).toBeUndefined();
  });
});
