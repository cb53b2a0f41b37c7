import type { ReplaySummary } from './replay';

type ReportInput = Pick<
  ReplaySummary,
  'inputs' | 'lines' | 'malformedReasons' | 'futureLines' | 'publisher' | 'elapsedMs' | 'shards'
> & { totals: { malformedLines: number } };

/**
 * The replay's own account under the table: each input with its line and malformed counts, the
 * malformed lines by reason, lines dated in the future, and anything not published: nothing the
 * outputs leave out goes unmentioned.
 */
export function renderReplayReport(summary: ReportInput): string {
  const out: string[] = ['Inputs'];
  const names = summary.inputs.map((i) => (i.name === '-' ? '(standard input)' : i.name));
  const width = Math.max(...names.map((n) => n.length));
  const linesWidth = Math.max(...summary.inputs.map((i) => fmt(i.lines).length));
  summary.inputs.forEach((input, k) => {
    out.push(
      `  ${names[k].padEnd(width)}  ${fmt(input.lines).padStart(linesWidth)} lines, ${fmt(input.malformed)} malformed`,
    );
  });
  const reasons = Object.entries(summary.malformedReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    const shown = reasons.slice(0, 6).map(([r, n]) => `${r}: ${fmt(n)}`);
    if (reasons.length > 6) shown.push(`${reasons.length - 6} more reasons`);
    out.push(`\nMalformed lines by reason: ${shown.join('; ')}`);
  }
  if (summary.futureLines > 0) {
    out.push(
      `Dated more than 2 h after this machine's clock: ${fmt(summary.futureLines)} line(s), ` +
        'counted as malformed ("timestamp in the future"), as the deployed aggregator does',
    );
  }
  const p = summary.publisher;
  const unpublished = p.invalid + p.tooOld + p.tooNew;
  if (unpublished > 0 || p.failedBatches > 0) {
    out.push(
      `Not published to CloudWatch: ${fmt(p.invalid)} invalid, ${fmt(p.tooOld)} too old, ` +
        `${fmt(p.tooNew)} too new aggregate(s); ${fmt(p.failedBatches)} failed batch(es)`,
    );
  }
  const rate = summary.elapsedMs > 0 ? (summary.lines * 1000) / summary.elapsedMs : 0;
  out.push(
    `\n${fmt(summary.lines)} lines (${fmt(summary.totals.malformedLines)} malformed) from ` +
      `${summary.inputs.length} input(s) in ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
      `(${fmt(Math.round(rate))} lines/s, ${summary.shards} shard(s))`,
  );
  return out.join('\n');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
