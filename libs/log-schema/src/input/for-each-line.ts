/**
 * Calls `onLine(text, start, end)` for each non-empty line of `text`, without building an array
 * of lines; the callback slices only if it needs the string. A line ends at LF, CRLF or a bare CR
 * (old Mac line endings, and what some shippers leave between records): the same rule as the
 * replay's reader and `fleetlog parse` (logBytes); used by the aggregator and the archive, so a bare CR never glues two
 * records into one line.
 */
export function forEachLine(
  text: string,
  onLine: (text: string, start: number, end: number) => void,
): void {
  const n = text.length;
  let start = 0;
  // The next LF and CR at or after `start`; n when there is none.
  let lf = -1;
  let cr = -1;
  while (start < n) {
    if (lf < start) lf = indexOrEnd(text, '\n', start);
    if (cr < start) cr = indexOrEnd(text, '\r', start);
    const end = lf < cr ? lf : cr;
    if (end > start) onLine(text, start, end);
    // CRLF is one line ending.
    start = end === cr && lf === cr + 1 ? lf + 1 : end + 1;
  }
}

function indexOrEnd(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i === -1 ? text.length : i;
}
