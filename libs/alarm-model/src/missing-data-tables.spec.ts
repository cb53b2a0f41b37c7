/**
 * Every row of the two example tables of "Configuring how CloudWatch alarms treat missing data",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 * ("How alarm state is evaluated when data is missing"). Period 5 minutes, Evaluation Periods 3,
 * evaluation range 5; the most recent data point on the right; `0` non-breaching, `X` breaching,
 * `-` missing. Each row is checked twice: on the decision alone, and through evaluateAlarm with
 * data points placed in the five periods before the evaluation.
 */
import { evaluateAlarm } from './evaluate-alarm';
import { normalizeRule, type AlarmRule, type AlarmState, type TreatMissingData } from './rule';
import { decideWindow } from './window-decision';

const THRESHOLD = 100;
const BREACHING = 150;
const NOT_BREACHING = 50;
const PERIOD_MS = 300_000;
/** 2026-11-30T10:25:00Z, the evaluation instant of the time-based check. */
const EVALUATED_AT = Date.UTC(2026, 10, 30, 10, 25);

/** "Retain current state". */
const RETAIN = 'retain' as const;
type Cell = AlarmState | typeof RETAIN;

interface Row {
  readonly datapoints: string;
  /** The "# of data points that must be filled" / "# of missing data points" column. */
  readonly filled: number;
  readonly missing: Cell;
  readonly ignore: Cell;
  readonly breaching: Cell;
  readonly notBreaching: Cell;
}

/** First table: Datapoints to Alarm 3, Evaluation Periods 3. */
const THREE_OF_THREE: readonly Row[] = [
  {
    datapoints: '0 - X - X',
    filled: 0,
    missing: 'OK',
    ignore: 'OK',
    breaching: 'OK',
    notBreaching: 'OK',
  },
  {
    datapoints: '0 - - - -',
    filled: 2,
    missing: 'OK',
    ignore: 'OK',
    breaching: 'OK',
    notBreaching: 'OK',
  },
  {
    datapoints: '- - - - -',
    filled: 3,
    missing: 'INSUFFICIENT_DATA',
    ignore: RETAIN,
    breaching: 'ALARM',
    notBreaching: 'OK',
  },
  {
    datapoints: '0 X X - X',
    filled: 0,
    missing: 'ALARM',
    ignore: 'ALARM',
    breaching: 'ALARM',
    notBreaching: 'ALARM',
  },
  {
    datapoints: '- - X - -',
    filled: 2,
    missing: 'ALARM',
    ignore: RETAIN,
    breaching: 'ALARM',
    notBreaching: 'OK',
  },
];

/** Second table: Datapoints to Alarm 2, Evaluation Periods 3 (2 out of 3). */
const TWO_OF_THREE: readonly Row[] = [
  {
    datapoints: '0 - X - X',
    filled: 0,
    missing: 'ALARM',
    ignore: 'ALARM',
    breaching: 'ALARM',
    notBreaching: 'ALARM',
  },
  {
    datapoints: '0 0 X 0 X',
    filled: 0,
    missing: 'ALARM',
    ignore: 'ALARM',
    breaching: 'ALARM',
    notBreaching: 'ALARM',
  },
  {
    datapoints: '0 - X - -',
    filled: 1,
    missing: 'OK',
    ignore: 'OK',
    breaching: 'ALARM',
    notBreaching: 'OK',
  },
  {
    datapoints: '- - - - 0',
    filled: 2,
    missing: 'OK',
    ignore: 'OK',
    breaching: 'ALARM',
    notBreaching: 'OK',
  },
  {
    datapoints: '- - - X -',
    filled: 2,
    missing: 'ALARM',
    ignore: RETAIN,
    breaching: 'ALARM',
    notBreaching: 'OK',
  },
];

function buckets(datapoints: string): (number | undefined)[] {
  return datapoints.split(' ').map((symbol) => {
    if (symbol === '0') return NOT_BREACHING;
    if (symbol === 'X') return BREACHING;
    if (symbol === '-') return undefined;
    throw new Error(`unknown symbol ${symbol}`);
  });
}

function rule(datapointsToAlarm: number, treatMissingData: TreatMissingData): AlarmRule {
  return {
    periodSeconds: 300,
    evaluationPeriods: 3,
    datapointsToAlarm,
    threshold: THRESHOLD,
    comparison: 'GreaterThanThreshold',
    treatMissingData,
  };
}

/** The row's periods as data points that had all arrived, evaluated once at EVALUATED_AT. */
function stateThroughEvaluator(r: AlarmRule, datapoints: string, prior: AlarmState): AlarmState {
  const points = buckets(datapoints).flatMap((value, i) => {
    if (value === undefined) return [];
    const timestampMs = EVALUATED_AT - (5 - i) * PERIOD_MS;
    return [{ timestampMs, value, arrivedAtMs: timestampMs + 60_000 }];
  });
  const run = evaluateAlarm(
    r,
    points,
    { firstEvaluationMs: EVALUATED_AT, lastEvaluationMs: EVALUATED_AT },
    { initialState: prior },
  );
  return run.finalState;
}

const TREATMENTS: readonly (keyof Omit<Row, 'datapoints' | 'filled'>)[] = [
  'missing',
  'ignore',
  'breaching',
  'notBreaching',
];
const PRIORS: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

describe.each([
  ['3 out of 3', 3, THREE_OF_THREE],
  ['2 out of 3', 2, TWO_OF_THREE],
] as const)('missing-data table, %s', (_name, m, rows) => {
  describe.each(rows)('$datapoints', (row) => {
    it.each(TREATMENTS)('treated as %s', (treatment) => {
      const r = rule(m, treatment);
      const expected = row[treatment];
      // "Retain current state" is checked from every prior state, so it cannot pass by accident;
      // the other cells must not depend on the prior state.
      for (const prior of PRIORS) {
        const want = expected === RETAIN ? prior : expected;
        const decision = decideWindow(normalizeRule(r), buckets(row.datapoints), prior);
        expect(decision.state).toBe(want);
        expect(decision.retained).toBe(expected === RETAIN);
        expect(stateThroughEvaluator(r, row.datapoints, prior)).toBe(want);
      }
    });

    it(`must fill ${row.filled} data points`, () => {
      const decision = decideWindow(
        normalizeRule(rule(m, 'missing')),
        buckets(row.datapoints),
        'OK',
      );
      expect(decision.filled).toBe(row.filled);
    });
  });
});

/**
 * A row of the same tables in the page's earlier version (the archived user guide,
 * https://github.com/awsdocs/amazon-cloudwatch-user-guide, doc_source/AlarmThatSendsEmail.md):
 * `- - - - X`, 2 missing, "Insufficient data" / "Retain current state" / ALARM / OK in both
 * tables. The current page only says such an alarm "does not go immediately into ALARM state"
 * ("Avoiding premature transitions to alarm state"); the model keeps the earlier cells.
 */
describe('the earlier version of the tables: - - - - X', () => {
  it.each([3, 2])('%s out of 3', (m) => {
    const cells: [TreatMissingData, AlarmState][] = [
      ['missing', 'INSUFFICIENT_DATA'],
      ['breaching', 'ALARM'],
      ['notBreaching', 'OK'],
    ];
    for (const [treatment, want] of cells) {
      expect(
        decideWindow(normalizeRule(rule(m, treatment)), buckets('- - - - X'), 'OK').state,
      ).toBe(want);
    }
    for (const prior of PRIORS) {
      const decision = decideWindow(normalizeRule(rule(m, 'ignore')), buckets('- - - - X'), prior);
      expect(decision).toMatchObject({ state: prior, retained: true, basis: 'undetermined' });
    }
  });

  it('goes to ALARM once the breach has aged to M periods with only missing data after it', () => {
    // "- - - X -" is premature for 2 out of 3 but not for 3 out of 3; "- - X - -" is for both.
    const decide = (m: number, data: string) =>
      decideWindow(normalizeRule(rule(m, 'missing')), buckets(data), 'OK');
    expect(decide(3, '- - - X -')).toMatchObject({
      state: 'INSUFFICIENT_DATA',
      basis: 'undetermined',
    });
    expect(decide(3, '- - X - -')).toMatchObject({ state: 'ALARM', basis: 'premature' });
    expect(decide(2, '- - - X -')).toMatchObject({ state: 'ALARM', basis: 'premature' });
    // A breach that has left the N most recent periods is no longer premature evidence.
    expect(decide(3, 'X - - - -')).toMatchObject({ state: 'INSUFFICIENT_DATA' });
  });
});
