/**
 * The budgets of ARCHITECTURE.md section 8, in one table: the figure each one judges, and the
 * limit. `npm run bench` prints pass or fail beside the figure; unit tests never check them.
 */
export interface Budget {
  /** Id of the bench figure the budget judges. */
  figure: string;
  kind: 'atLeast' | 'atMost' | 'below';
  limit: number;
  text: string;
}

export const BUDGETS: readonly Budget[] = [
  // The publish ledger (issue 22): within 20 % of the publisher without it, and at most one
  // ledger write per published aggregate group.
  { figure: 'publisher.ledger.timeRatio', kind: 'atMost', limit: 1.2, text: '<= 1.2x' },
  { figure: 'publisher.ledger.writesPerGroup', kind: 'atMost', limit: 1, text: '<= 1 write' },
  // A replay with --inject-faults at several seeds: 0 requests counted twice, 0 lost.
  { figure: 'e2e.faults.countedTwice', kind: 'atMost', limit: 0, text: '0 requests' },
  { figure: 'e2e.faults.lost', kind: 'atMost', limit: 0, text: '0 requests' },
  {
    figure: 'parser.scan.linesPerSecond',
    kind: 'atLeast',
    limit: 2_000_000,
    text: '>= 2,000,000 lines/s',
  },
  // Log formats (ARCHITECTURE.md section 3): presets keep the parser budget, a custom string at least 1 M.
  ...(['combined', 'common', 'vhost_combined', 'combined_xff'] as const).map((preset): Budget => ({
    figure: `formats.${preset}.linesPerSecond`,
    kind: 'atLeast',
    limit: 2_000_000,
    text: '>= 2,000,000 lines/s',
  })),
  ...(['apache', 'nginx'] as const).map((custom): Budget => ({
    figure: `formats.${custom}.linesPerSecond`,
    kind: 'atLeast',
    limit: 1_000_000,
    text: '>= 1,000,000 lines/s',
  })),
  {
    figure: 'formats.aggregator.cidr1000.recordsPerSecond',
    kind: 'atLeast',
    limit: 500_000,
    text: '>= 500,000 records/s',
  },
  {
    figure: 'aggregator.raw.recordsPerSecond',
    kind: 'atLeast',
    limit: 500_000,
    text: '>= 500,000 records/s',
  },
  {
    figure: 'aggregator.agent-json.recordsPerSecond',
    kind: 'atLeast',
    limit: 500_000,
    text: '>= 500,000 records/s',
  },
  {
    figure: 'aggregator.raw-gzip.recordsPerSecond',
    kind: 'atLeast',
    limit: 500_000,
    text: '>= 500,000 records/s',
  },
  { figure: 'aggregator.raw.peakRssMb', kind: 'below', limit: 150, text: '< 150 MB' },
  { figure: 'aggregator.agent-json.peakRssMb', kind: 'below', limit: 150, text: '< 150 MB' },
  { figure: 'aggregator.raw-gzip.peakRssMb', kind: 'below', limit: 150, text: '< 150 MB' },
  { figure: 'aggregator.state.10000.kb', kind: 'below', limit: 256, text: '< 256 KB' },
  // Calls divided by the least possible (one per started 1,000 points of each invocation).
  { figure: 'publisher.callsPer1000DataPoints', kind: 'atMost', limit: 1, text: '<= 1 call' },
  {
    figure: 'publisher.batched.callsPer1000DataPoints',
    kind: 'atMost',
    limit: 1,
    text: '<= 1 call',
  },
  { figure: 'lifecycle.1000.callsPerEvent', kind: 'atMost', limit: 10, text: '<= 10 calls' },
  { figure: 'lifecycle.1000.callsPerTerminate', kind: 'atMost', limit: 10, text: '<= 10 calls' },
  {
    figure: 'e2e.replay.linesPerSecond',
    kind: 'atLeast',
    limit: 1_000_000,
    text: '>= 1,000,000 lines/s',
  },
  {
    figure: 'e2e.process.speedupVsGoAccess',
    kind: 'atLeast',
    limit: 3,
    text: '>= 3x GoAccess',
  },
  { figure: 'e2e.process.peakRssMb', kind: 'below', limit: 256, text: '< 256 MB' },
  // Time to alarm (ARCHITECTURE.md sections 6b and 8), in the demo and in a replay.
  ...(['demo', 'replay'] as const).flatMap((run): Budget[] => [
    { figure: `alarm.${run}.medianDelaySeconds`, kind: 'atMost', limit: 120, text: '<= 2 min' },
    { figure: `alarm.${run}.worstDelaySeconds`, kind: 'atMost', limit: 240, text: '<= 4 min' },
    { figure: `alarm.${run}.flaps`, kind: 'atMost', limit: 0, text: 'no flap' },
    {
      figure: `alarm.${run}.notificationsPerFlood`,
      kind: 'atMost',
      limit: 1,
      text: '1 per application per flood',
    },
  ]),
  {
    figure: 'lifecycle.concurrent100.lostUpdates',
    kind: 'atMost',
    limit: 0,
    text: 'no lost update',
  },
];

export type Verdict = 'pass' | 'fail';

export function judge(budget: Budget, value: number): Verdict {
  switch (budget.kind) {
    case 'atLeast':
      return value >= budget.limit ? 'pass' : 'fail';
    case 'atMost':
      return value <= budget.limit ? 'pass' : 'fail';
    case 'below':
      return value < budget.limit ? 'pass' : 'fail';
  }
}

export function budgetFor(figureId: string): Budget | undefined {
  return BUDGETS.find((b) => b.figure === figureId);
}
