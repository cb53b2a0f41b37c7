import type { BenchResults, Figure } from './results';

/** Three significant digits with thousands separators: 2,345,678 -> "2,350,000". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const rounded = Number(n.toPrecision(3));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function budgetCell(f: Figure): string {
  if (f.budget === undefined) return '';
  return `${f.budget.verdict === 'pass' ? 'PASS' : 'FAIL'} (${f.budget.text})`;
}

/** The results as an aligned plain-text table, one row per figure, then what was skipped. */
export function formatTable(results: Pick<BenchResults, 'figures' | 'skipped'>): string {
  const header = ['Suite', 'Figure', 'Median', 'Min', 'Max', 'Unit', 'Runs', 'Budget', 'Note'];
  const rows = results.figures.map((f) => [
    f.suite,
    f.label,
    formatNumber(f.median),
    formatNumber(f.min),
    formatNumber(f.max),
    f.unit,
    String(f.runs),
    budgetCell(f),
    f.note ?? '',
  ]);
  const all = [header, ...rows];
  const numeric = new Set([2, 3, 4, 6]);
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const lines = all.map((r) =>
    r
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const s of results.skipped) lines.push(`skipped ${s.suite}: ${s.what}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}
