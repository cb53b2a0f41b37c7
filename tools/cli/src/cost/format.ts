import type { CostReport } from './report';

const usd = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Quantities: whole numbers with separators, small ones with up to three significant digits. */
export function formatQuantity(n: number): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

/** The bill as plain text: every line, both Kinesis modes, and the KDA/Flink comparison. */
export function formatCostReport(report: CostReport): string {
  const { inputs, derived } = report;
  const header = [
    `fleetlog monthly cost, us-east-1 list prices (no free tier)`,
    `  ${inputs.linesPerMonth.toLocaleString('en-US')} lines/month, ${inputs.apps} applications (+ UNKNOWN), ` +
      `${report.shards} input shard(s), ${inputs.lineBytes} B/line, ${inputs.linesPerRecord} line(s)/record`,
    `  aggregator duration: ${(inputs.secondsPerRecord * 1e6).toFixed(3)} us/record on one core ` +
      `(${inputs.secondsPerRecordSource})`,
    '',
  ];
  const rows = [['Service', 'Item', 'Quantity', 'Unit', 'USD/month']];
  for (const line of report.lines) {
    rows.push([line.group, line.item, formatQuantity(line.quantity), line.unit, usd(line.usd)]);
  }
  const totals = [
    '',
    `Total with Kinesis on-demand:   ${usd(report.onDemandUsd)}`,
    `Total with Kinesis provisioned: ${usd(report.provisionedUsd)}`,
    `Cheaper: ${report.kinesisMode} at ${usd(report.totalUsd)}/month`,
    '',
    'The same work elsewhere (streams, publisher, metrics unchanged; compute replaces the aggregator):',
  ];
  const alt = [['Engine', 'Compute USD/month', 'Total USD/month', 'Sizing']];
  for (const a of report.alternatives)
    alt.push([a.name, usd(a.computeUsd), usd(a.totalUsd), a.detail]);
  const notes = [
    '',
    `Derived: ${formatQuantity(derived.aggregatorInvocations)} aggregator invocations, ` +
      `${formatQuantity(derived.aggregateRecords)} aggregate records, ` +
      `${formatQuantity(derived.metricDataPoints)} metric data points in ` +
      `${formatQuantity(derived.putMetricDataCalls)} PutMetricData calls, ` +
      `peak ${derived.peakMegabytesPerSecond.toPrecision(3)} MB/s.`,
    `Publish ledger: ${formatQuantity(derived.ledger.claimWrites)} claim and ` +
      `${formatQuantity(derived.ledger.outcomeWrites)} outcome writes; ` +
      `${inputs.redeliveredShare * 100} % of records delivered again: ` +
      `${formatQuantity(derived.ledger.redeliveryWrites)} writes, ` +
      `${formatQuantity(derived.ledger.reads)} consistent reads.`,
    `KPU sizing assumes ${inputs.kpuMegabytesPerSecond} MB/s of input per KPU. Prices: tools/cli/src/cost/prices.ts.`,
    '',
  ];
  return [
    ...header,
    ...table(rows, new Set([2, 4])),
    ...totals,
    ...table(alt, new Set([1, 2])),
    ...notes,
  ].join('\n');
}
