// A replay in which no line parsed is a failed run (exit 1): the log format is almost certainly
// wrong, and a dashboard of zeros would say nothing about it. The wording is log-schema's, shared
// with `fleetlog parse`.
import { createReadStream } from 'node:fs';
import { LineSplitter, logBytes, nothingParsedProblem } from '@fleetlog/log-schema';

/** What the check needs of a replay. */
export interface ParsedTally {
  lines: number;
  inputs: readonly { name: string }[];
  malformedReasons: Readonly<Record<string, number>>;
}

/** Longest sample shown: enough to recognise a format, not a screenful. */
const SAMPLE_CHARS = 120;

/**
 * The one line main prints when none of the replay's lines parsed, or null when some did (or
 * there were none). Names the format, the commonest reason and the first line of the first file.
 */
export async function replayNothingParsed(
  tally: ParsedTally,
  logFormat: string | undefined,
): Promise<string | null> {
  const malformed = Object.values(tally.malformedReasons).reduce((a, b) => a + b, 0);
  if (tally.lines === 0 || malformed < tally.lines) return null;
  const reason = Object.entries(tally.malformedReasons).sort((a, b) => b[1] - a[1])[0]?.[0];
  const file = tally.inputs.find((i) => i.name !== '-');
  const line = file === undefined ? undefined : await firstLine(file.name);
  const sample = [
    reason === undefined ? undefined : `commonest problem: ${reason}`,
    line === undefined ? undefined : `first line of ${file?.name}: ${JSON.stringify(line)}`,
  ].filter((s) => s !== undefined);
  return nothingParsedProblem({
    lines: tally.lines,
    malformed,
    format: `log format ${logFormat ?? 'combined'}`,
    hint: 'is --log-format right?',
    sample: sample.length > 0 ? sample.join('; ') : undefined,
  });
}

/** The first non-empty line of a file (gzip or not), cut to SAMPLE_CHARS; undefined if none. */
async function firstLine(path: string): Promise<string | undefined> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  const splitter = new LineSplitter();
  let found: string | undefined;
  const take = (_n: number, text: string | null): void => {
    if (found === undefined && text !== null && text.trim() !== '') found = text;
  };
  try {
    for await (const chunk of logBytes(stream, { name: path })) {
      splitter.push(chunk, take);
      if (found !== undefined) break;
    }
    if (found === undefined) splitter.end(take);
  } catch {
    return undefined; // the replay read it; a second reading that fails only loses the sample
  } finally {
    stream.destroy();
  }
  if (found === undefined) return undefined;
  return found.length > SAMPLE_CHARS ? `${found.slice(0, SAMPLE_CHARS)}…` : found;
}
