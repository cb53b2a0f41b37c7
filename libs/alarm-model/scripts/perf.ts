/**
 * How long a four-day replay takes to evaluate: 5,760 evaluations, one data point a minute in two
 * shard partials, for one time series and for 100 contributors. Median of 3 runs after a warm-up.
 *
 *   TSX_TSCONFIG_PATH=tsconfig.base.json node --import tsx libs/alarm-model/scripts/perf.ts
 */
import { performance } from 'node:perf_hooks';
import { evaluateAlarm } from '../src/evaluate-alarm';
import { evaluateContributorAlarm, type ContributorDatapoint } from '../src/evaluate-contributors';
import type { AlarmRule } from '../src/rule';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30);
const MINUTES = 4 * 24 * 60;
const RULE: AlarmRule = {
  periodSeconds: 300,
  evaluationPeriods: 2,
  datapointsToAlarm: 1,
  threshold: 10_000,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
};
const schedule = { firstEvaluationMs: T0, lastEvaluationMs: T0 + MINUTES * MINUTE };

function series(contributor: string, seed: number): ContributorDatapoint[] {
  const points: ContributorDatapoint[] = [];
  let state = seed;
  for (let m = 0; m < MINUTES; m++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const flooding = Math.floor(m / 240) % 7 === seed % 7 && m % 240 < 30;
    const value = flooding ? 2_500 : 100 + (state % 500);
    const timestampMs = T0 + m * MINUTE;
    const lag = 2 * MINUTE + (state % 60_000);
    points.push({
      contributor,
      timestampMs,
      value: value / 2,
      arrivedAtMs: timestampMs + MINUTE + lag,
    });
    points.push({
      contributor,
      timestampMs,
      value: value / 2,
      arrivedAtMs: timestampMs + MINUTE + lag + 20_000,
    });
  }
  return points;
}

function time(label: string, run: () => number): void {
  run();
  const ms: number[] = [];
  let result = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    result = run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: ${ms[1].toFixed(0)} ms (${result} transitions)`);
}

const one = series('UNKNOWN', 1);
const hundred = Array.from({ length: 100 }, (_, i) => series(`app-${i}`, i + 1)).flat();
console.log(`node ${process.version}, ${MINUTES} evaluations`);
time(
  `evaluateAlarm, 1 series, ${one.length} data points`,
  () => evaluateAlarm(RULE, one, schedule).transitions.length,
);
time(
  `evaluateContributorAlarm, 100 contributors, ${hundred.length} data points`,
  () => evaluateContributorAlarm(RULE, hundred, schedule).contributorTransitions.length,
);
