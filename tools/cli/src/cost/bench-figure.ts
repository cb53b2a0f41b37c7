import { readFile } from 'node:fs/promises';

/** The figure of `npm run bench` the cost model takes its Lambda duration from. */
export const AGGREGATOR_FIGURE_ID = 'aggregator.raw.recordsPerSecond';

export type MeasuredDuration =
  { ok: true; secondsPerRecord: number; source: string } | { ok: false; reason: string };

/**
 * Seconds of aggregator work per record from a bench results file (median records/s of the
 * raw-line handler benchmark). Anything missing or malformed is a reason, never a throw.
 */
export async function readMeasuredDuration(path: string): Promise<MeasuredDuration> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { ok: false, reason: `${path} not found (run npm run bench)` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${path} is not JSON` };
  }
  const figures = (parsed as { figures?: unknown }).figures;
  if (!Array.isArray(figures)) return { ok: false, reason: `${path} has no figures` };
  const figure = figures.find(
    (f): f is { median: number } =>
      typeof f === 'object' && f !== null && (f as { id?: unknown }).id === AGGREGATOR_FIGURE_ID,
  );
  const median = figure?.median;
  if (typeof median !== 'number' || !Number.isFinite(median) || median <= 0) {
    return { ok: false, reason: `${path} has no ${AGGREGATOR_FIGURE_ID}` };
  }
  const date = (parsed as { date?: unknown }).date;
  const when = typeof date === 'string' ? `, ${date.slice(0, 10)}` : '';
  return {
    ok: true,
    secondsPerRecord: 1 / median,
    source: `${path}: ${Math.round(median).toLocaleString('en-US')} records/s${when}`,
  };
}
