import type { HostRow } from '@fleetlog/reference-data';
import { ALARM_PERIOD_SECONDS } from '@fleetlog/pipeline-config';
import type { GroupSpec } from '../fleet/simulated-fleet';

export interface ScaleStep {
  /** Minutes after the start of the simulation. */
  atMinute: number;
  group: string;
  /** Instances added (positive) or removed (negative). */
  change: number;
}

/** Everything that shapes a demo run; `defaultScenario` is `npm start`, tests use smaller ones. */
export interface DemoScenario {
  seed: number;
  /** Start of simulated time, ms; a multiple of 5 minutes. */
  startMs: number;
  durationMinutes: number;
  groups: (GroupSpec & { initialInstances: number; weight: number })[];
  scalePlan: ScaleStep[];
  /** `reference/static-hosts.csv`: hosts outside Auto Scaling, edited by people. */
  staticHosts: HostRow[];
  /** Requests per simulated minute from all callers together (fleet and static hosts). */
  callerRequestsPerMinute: number;
  /** Requests per 5 minutes (an alarm period) from unmapped hosts in the background (below the alarm). */
  unknownRequestsPerBucket: number;
  unknownHosts: { host: string; weight: number }[];
  /**
   * One unknown IP sending a burst inside one one-minute bucket, at the start of a 5-minute alarm
   * period: the alarm must fire for that period, only there.
   */
  flood: { host: string; atMinute: number; requests: number };
  /**
   * A burst from the first in-service instance of a known group inside one bucket: the
   * ApplicationFlood alarm must fire for that group's application there, and only there.
   */
  applicationFlood: { group: string; atMinute: number; requests: number };
  /** Minutes between the scheduled reconciles of lifecycle-sync. */
  reconcileEveryMinutes: number;
  lateFraction: number;
  malformedFraction: number;
  escapedQuoteFraction: number;
  /** The aggregator's tumbling window in wall-clock ms (300 s in AWS). */
  windowMs: number;
  inputShards: number;
  /** Above this many UNKNOWN requests per 5 minutes the alarm fires (the shared default is 100). */
  unknownSourceThreshold?: number;
  /** Above this many requests of one application per 5 minutes ApplicationFlood fires (shared default 10,000). */
  applicationThreshold?: number;
}

/** The demo's periods (segments, floods, its start) are whole alarm periods of 5 minutes. */
const PERIOD_MINUTES = ALARM_PERIOD_SECONDS / 60;

/** Two hours ending at the last full 5-minute period before `nowMs`. */
export function defaultStartMs(nowMs: number, durationMinutes: number): number {
  const bucketMs = ALARM_PERIOD_SECONDS * 1000;
  return Math.floor(nowMs / bucketMs) * bucketMs - durationMinutes * 60_000;
}

export function defaultScenario(seed: number, nowMs: number): DemoScenario {
  const durationMinutes = 120;
  return {
    seed,
    startMs: defaultStartMs(nowMs, durationMinutes),
    durationMinutes,
    groups: [
      {
        name: 'asg-checkout',
        applicationName: 'checkout',
        contact: 'team-checkout@example.com',
        optIn: 'hook-metadata',
        subnet: 1,
        initialInstances: 2,
        weight: 3,
      },
      {
        name: 'asg-search',
        applicationName: 'search',
        contact: 'search-oncall@example.com',
        optIn: 'tags',
        subnet: 2,
        ipv6: true,
        initialInstances: 2,
        weight: 2,
      },
      {
        name: 'asg-reports',
        applicationName: 'reports',
        contact: 'reports@example.com',
        optIn: 'hook-metadata',
        subnet: 3,
        initialInstances: 1,
        weight: 1,
      },
    ],
    scalePlan: [
      { atMinute: 20, group: 'asg-checkout', change: +2 },
      { atMinute: 35, group: 'asg-search', change: +1 },
      { atMinute: 50, group: 'asg-reports', change: +2 },
      { atMinute: 70, group: 'asg-checkout', change: -1 },
      { atMinute: 85, group: 'asg-reports', change: -2 },
      { atMinute: 95, group: 'asg-checkout', change: -1 },
      { atMinute: 105, group: 'asg-search', change: -1 },
    ],
    staticHosts: [
      { host: '10.0.200.5', applicationName: 'billing-batch', contact: 'billing@example.com' },
      { host: '2001:db8:ff::5', applicationName: 'billing-batch', contact: 'billing@example.com' },
    ],
    callerRequestsPerMinute: 400,
    unknownRequestsPerBucket: 40,
    unknownHosts: [
      { host: '203.0.113.10', weight: 4 },
      { host: '203.0.113.77', weight: 2 },
      { host: '198.51.100.23', weight: 2 },
      { host: '198.51.100.200', weight: 1 },
      { host: '2001:db8:beef::42', weight: 1 },
    ],
    flood: { host: '192.0.2.66', atMinute: 60, requests: 900 },
    // checkout peaks near 1,300 requests per bucket on its own; the burst takes it to ~3,600.
    applicationFlood: { group: 'asg-checkout', atMinute: 40, requests: 2500 },
    applicationThreshold: 1500,
    reconcileEveryMinutes: 30,
    lateFraction: 0.01,
    malformedFraction: 0.002,
    escapedQuoteFraction: 0.01,
    windowMs: 1000,
    inputShards: 4,
  };
}

/** Problems that would make a run meaningless; empty when the scenario is sound. */
export function scenarioProblems(s: DemoScenario): string[] {
  const problems: string[] = [];
  const bucketMs = ALARM_PERIOD_SECONDS * 1000;
  if (s.startMs % bucketMs !== 0) problems.push('startMs must be a multiple of 5 minutes');
  if (!(s.durationMinutes > 0) || s.durationMinutes % PERIOD_MINUTES !== 0) {
    problems.push('durationMinutes must be a positive multiple of 5');
  }
  if (
    s.flood.atMinute % PERIOD_MINUTES !== 0 ||
    s.flood.atMinute < 0 ||
    s.flood.atMinute >= s.durationMinutes
  ) {
    problems.push('the flood must start on a 5-minute boundary inside the run');
  }
  const groups = new Set(s.groups.map((g) => g.name));
  const af = s.applicationFlood;
  if (af.atMinute % PERIOD_MINUTES !== 0 || af.atMinute < 0 || af.atMinute >= s.durationMinutes) {
    problems.push('the application flood must start on a 5-minute boundary inside the run');
  }
  if (!groups.has(af.group)) problems.push(`application flood from unknown group ${af.group}`);
  for (const step of s.scalePlan) {
    if (!groups.has(step.group)) problems.push(`scale step for unknown group ${step.group}`);
    if (step.atMinute <= 0 || step.atMinute >= s.durationMinutes)
      problems.push(`scale step at minute ${step.atMinute} is outside the run`);
  }
  return problems;
}
