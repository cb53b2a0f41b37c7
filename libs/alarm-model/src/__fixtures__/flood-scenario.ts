/**
 * fleetlog's situation, simulated: one data point per minute and application (split into shard
 * partials), reaching CloudWatch some minutes after its minute ends (ARCHITECTURE.md section 6b),
 * with a continuous flood of one application. Shared by the scenario spec and the settings table
 * script (scripts/settings-table.ts).
 */
import { episodeBreachStart, zeroLatencyBreaches } from '../breach-start';
import { evaluateAlarm } from '../evaluate-alarm';
import { evaluateContributorAlarm, type ContributorDatapoint } from '../evaluate-contributors';
import type { AlarmRule } from '../rule';
import type { StateChange } from '../results';

export const MINUTE_MS = 60_000;
/** 2026-11-30T00:00:00Z. */
export const SCENARIO_T0 = Date.UTC(2026, 10, 30);

export interface FloodScenario {
  /** Lag of each minute's data after the minute ends, ms; cycled over the minutes. */
  readonly lagsMs: readonly number[];
  /** Requests per minute of the flooding application outside the flood (0: no data point). */
  readonly backgroundPerMinute: number;
  /** Requests per minute during the flood. */
  readonly floodPerMinute: number;
  /** First minute (0-based) of the flood. */
  readonly floodStart: number;
  readonly floodMinutes: number;
  /** Minutes of traffic simulated; evaluations go 30 minutes further. */
  readonly totalMinutes: number;
  /** Shard partials per data point; each later one arrives 20 s after the previous. */
  readonly partials: number;
}

export const FLOOD_DEFAULTS: FloodScenario = {
  lagsMs: [2 * MINUTE_MS + 10_000, 2 * MINUTE_MS + 50_000, 3 * MINUTE_MS],
  backgroundPerMinute: 20,
  floodPerMinute: 2_100, // 10,500 per 5 minutes: just over the 10,000 threshold
  floodStart: 40,
  floodMinutes: 60,
  totalMinutes: 160,
  partials: 2,
};

/** The data points of one application in the scenario. */
export function scenarioDatapoints(
  scenario: FloodScenario,
  contributor = 'checkout',
  flooding = true,
): ContributorDatapoint[] {
  const points: ContributorDatapoint[] = [];
  for (let m = 0; m < scenario.totalMinutes; m++) {
    const inFlood =
      flooding && m >= scenario.floodStart && m < scenario.floodStart + scenario.floodMinutes;
    const value = inFlood ? scenario.floodPerMinute : scenario.backgroundPerMinute;
    if (value === 0) continue;
    const timestampMs = SCENARIO_T0 + m * MINUTE_MS;
    const lag = scenario.lagsMs[m % scenario.lagsMs.length];
    for (let p = 0; p < scenario.partials; p++) {
      points.push({
        contributor,
        timestampMs,
        value: value / scenario.partials,
        arrivedAtMs: timestampMs + MINUTE_MS + lag + p * 20_000,
      });
    }
  }
  return points;
}

export interface FloodOutcome {
  /** Transitions to ALARM (of the alarm, or of the flooding contributor). */
  readonly alarms: number;
  /** Transitions from ALARM to OK. */
  readonly oks: number;
  /** Minutes from breachStart to the first ALARM. */
  readonly delayMinutes: number | undefined;
  /** Minutes from the zero-latency end of the breach to the return to OK. */
  readonly okDelayMinutes: number | undefined;
  /** Transitions to ALARM of applications that did not flood (contributor alarm only). */
  readonly falseAlarms: number;
  readonly changes: readonly StateChange[];
}

function outcome(
  rule: AlarmRule,
  scenario: FloodScenario,
  changes: readonly StateChange[],
  falseAlarms = 0,
): FloodOutcome {
  const breaches = zeroLatencyBreaches(rule, scenarioDatapoints(scenario), schedule(scenario));
  const firstAlarm = changes.find((c) => c.to === 'ALARM');
  const firstOk = changes.find((c) => c.from === 'ALARM' && c.to !== 'ALARM');
  const start = firstAlarm ? episodeBreachStart(breaches, firstAlarm.atMs) : undefined;
  const end = breaches.at(-1)?.breachEndMs;
  return {
    alarms: changes.filter((c) => c.to === 'ALARM').length,
    oks: changes.filter((c) => c.from === 'ALARM' && c.to === 'OK').length,
    delayMinutes:
      firstAlarm && start !== undefined ? (firstAlarm.atMs - start) / MINUTE_MS : undefined,
    okDelayMinutes: firstOk && end !== undefined ? (firstOk.atMs - end) / MINUTE_MS : undefined,
    falseAlarms,
    changes,
  };
}

export function schedule(scenario: FloodScenario) {
  return {
    firstEvaluationMs: SCENARIO_T0,
    lastEvaluationMs: SCENARIO_T0 + (scenario.totalMinutes + 30) * MINUTE_MS,
  };
}

/** The single-metric alarm (UnknownSourceRequests-like) over the flooding series. */
export function singleMetricOutcome(
  rule: AlarmRule,
  scenario: FloodScenario,
  evaluationRangePeriods?: number,
): FloodOutcome {
  const run = evaluateAlarm(rule, scenarioDatapoints(scenario), schedule(scenario), {
    evaluationRangePeriods,
  });
  return outcome(rule, scenario, run.transitions);
}

/** The contributor alarm (ApplicationFlood-like): the flooding one and two steady applications. */
export function contributorOutcome(
  rule: AlarmRule,
  scenario: FloodScenario,
  evaluationRangePeriods?: number,
): FloodOutcome {
  const steady = { ...scenario, backgroundPerMinute: Math.max(scenario.backgroundPerMinute, 50) };
  const data = [
    ...scenarioDatapoints(scenario),
    ...scenarioDatapoints(steady, 'billing', false),
    ...scenarioDatapoints(steady, 'search', false),
  ];
  const run = evaluateContributorAlarm(rule, data, schedule(scenario), { evaluationRangePeriods });
  const falseAlarms = run.contributorTransitions.filter(
    (t) => t.contributor !== 'checkout' && t.to === 'ALARM',
  ).length;
  return outcome(
    rule,
    scenario,
    run.contributorTransitions.filter((t) => t.contributor === 'checkout'),
    falseAlarms,
  );
}
