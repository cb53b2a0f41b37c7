/**
 * Which EvaluationPeriods / DatapointsToAlarm / treatMissingData make fleetlog's alarms fire once
 * per continuous flood and return to OK once after it, given 1-4 minutes of pipeline lag: every
 * candidate over every lag, flood strength, background and evaluation-range size the model leaves
 * open. Prints the Markdown table of the README's "Recommended settings".
 *
 *   TSX_TSCONFIG_PATH=tsconfig.base.json node --import tsx libs/alarm-model/scripts/settings-table.ts
 */
import {
  FLOOD_DEFAULTS,
  MINUTE_MS,
  contributorOutcome,
  singleMetricOutcome,
  type FloodOutcome,
  type FloodScenario,
} from '../src/__fixtures__/flood-scenario';
import type { AlarmRule, TreatMissingData } from '../src/rule';

const THRESHOLD = 10_000;
const LAGS_MINUTES = [1, 2, 3, 4];
/** Requests per minute during the flood: just over the threshold per 5 minutes, up to one minute over it. */
const FLOODS = [2_100, 2_600, 3_500, 5_100, 12_000];
const BACKGROUNDS = [0, 20];
/** Arrival jitter per minute, ms earlier than the lag: none, or up to 40 s varying minute by minute. */
const JITTERS: readonly (readonly number[])[] = [[0], [0, 40_000, 20_000]];

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type Kind = 'good' | 'missed' | 'flap' | 'noOk' | 'false';

/** Good: one ALARM (not before breachStart, no other application) and one OK after it. */
function classify(result: FloodOutcome): Kind {
  if (result.falseAlarms > 0 || (result.delayMinutes ?? 0) < 0) return 'false';
  if (result.alarms === 0) return 'missed';
  if (result.delayMinutes === undefined) return 'false';
  if (result.alarms > 1) return 'flap';
  if (result.oks !== 1) return 'noOk';
  return 'good';
}

class Verdict {
  cases = 0;
  readonly kinds = new Map<Kind, number>();
  readonly delays: number[] = [];
  readonly okDelays: number[] = [];

  add(result: FloodOutcome): void {
    this.cases++;
    const kind = classify(result);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    if (kind === 'good' || kind === 'flap') this.delays.push(result.delayMinutes ?? NaN);
    if (kind === 'good' && result.okDelayMinutes !== undefined)
      this.okDelays.push(result.okDelayMinutes);
  }

  cell(): string {
    const good = this.kinds.get('good') ?? 0;
    const bad = (['missed', 'flap', 'noOk', 'false'] as const)
      .filter((k) => this.kinds.has(k))
      .map((k) => `${this.kinds.get(k)} ${k}`);
    const delay = this.delays.length
      ? `; to ALARM median ${median(this.delays)}, max ${Math.max(...this.delays)} min`
      : '';
    const ok = this.okDelays.length
      ? `; to OK ${Math.min(...this.okDelays)}-${Math.max(...this.okDelays)} min`
      : '';
    return `${good}/${this.cases} good${bad.length ? ` (${bad.join(', ')})` : ''}${delay}${ok}`;
  }
}

const SETTINGS: readonly (readonly [number, number])[] = [
  [1, 1],
  [2, 1],
  [2, 2],
  [3, 1],
  [3, 2],
  [3, 3],
];
const TREATMENTS: readonly TreatMissingData[] = ['notBreaching', 'missing', 'ignore', 'breaching'];

function verdicts(n: number, m: number, treatMissingData: TreatMissingData): [Verdict, Verdict] {
  const rule: AlarmRule = {
    periodSeconds: 300,
    evaluationPeriods: n,
    datapointsToAlarm: m,
    threshold: THRESHOLD,
    comparison: 'GreaterThanThreshold',
    treatMissingData,
  };
  const single = new Verdict();
  const grouped = new Verdict();
  for (const lag of LAGS_MINUTES)
    for (const floodPerMinute of FLOODS)
      for (const backgroundPerMinute of BACKGROUNDS)
        for (const jitter of JITTERS)
          for (let range = n; range <= n + 4; range++) {
            const scenario: FloodScenario = {
              ...FLOOD_DEFAULTS,
              lagsMs: jitter.map((j) => lag * MINUTE_MS - j),
              floodPerMinute,
              backgroundPerMinute,
            };
            single.add(singleMetricOutcome(rule, scenario, range));
            grouped.add(contributorOutcome(rule, scenario, range));
          }
  return [single, grouped];
}

console.log(
  '| DatapointsToAlarm of EvaluationPeriods | treatMissingData | single metric | contributor |',
);
console.log('| --- | --- | --- | --- |');
for (const [n, m] of SETTINGS) {
  for (const treatment of TREATMENTS) {
    const [single, grouped] = verdicts(n, m, treatment);
    console.log(`| ${m} of ${n} | ${treatment} | ${single.cell()} | ${grouped.cell()} |`);
  }
}
