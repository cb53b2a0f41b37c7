// A run in which no line parsed (ARCHITECTURE.md section 7): `fleetlog parse` and the replay refuse
// it (exit 1, one line) instead of reporting success, since the log format is almost certainly
// not the log's. The wording is stated once here.

/** What a run read, for nothingParsedProblem. */
export interface ParseTally {
  /** Lines read (empty lines are no lines). */
  lines: number;
  /** Lines that did not parse, of `lines`. */
  malformed: number;
  /** The format the lines were read with, as the user would name it (`log format combined`). */
  format: string;
  /** The first problem, e.g. `line 1: expected "[" at column 11`. */
  sample?: string;
  /** What to check; default `is the log format right?`. */
  hint?: string;
}

/** The one line saying that none of a run's lines parsed, or null when some did (or none came). */
export function nothingParsedProblem(tally: ParseTally): string | null {
  if (tally.lines === 0 || tally.malformed < tally.lines) return null;
  const hint = tally.hint ?? 'is the log format right?';
  const sample = tally.sample === undefined ? '' : `; ${tally.sample}`;
  return `none of the ${tally.lines.toLocaleString('en-US')} lines parsed as ${tally.format} (${hint})${sample}`;
}
