// How `fleetlog query` prints rows: a table for people, or one JSON object per line for pipes
// (keys in camelCase, `status_counts` as an object: ARCHITECTURE.md section 6e).

/** `request_count` → `requestCount`. */
function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A cell as JSON: `*_counts` columns (JSON text from either engine) become objects. */
function jsonValue(column: string, value: unknown): unknown {
  if (typeof value === 'string' && column.endsWith('_counts')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** The rows as JSON lines. */
export function jsonLines(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): string {
  return rows
    .map(
      (row) =>
        `${JSON.stringify(Object.fromEntries(columns.map((c) => [camel(c), jsonValue(c, row[c])])))}\n`,
    )
    .join('');
}

/** Widest a table cell gets; longer values end in `…`. */
const MAX_CELL = 60;

function cell(column: string, value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '-';
  else if (typeof value === 'object') text = JSON.stringify(value);
  else {
    const parsed = jsonValue(column, value);
    text = typeof parsed === 'object' ? JSON.stringify(parsed) : String(value);
  }
  // One row per line, whatever a user agent holds.
  text = text.replace(/[\r\n\t]/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** The rows as an aligned table with a header and a row count; numbers right-aligned. */
export function table(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): string {
  const cells = rows.map((row) => columns.map((c) => cell(c, row[c])));
  const numeric = columns.map(
    (c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  out.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
  return `${out.join('\n')}\n`;
}
