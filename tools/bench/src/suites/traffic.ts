import { generateTraffic } from '@fleetlog/loggen';

/** Seeded, so every run and every suite sees the same realistic mix. */
export const SEED = 20150517;
export const START_MS = Date.parse('2015-05-17T10:00:00Z');
export const END_MS = Date.parse('2015-05-17T11:00:00Z');

/** Generated combined lines: loggen's realistic mix incl. escaped quotes, IPv6 and junk. */
export function generateLines(count: number, seed = SEED): string[] {
  const lines: string[] = new Array<string>(count);
  let i = 0;
  for (const g of generateTraffic({
    seed,
    count,
    startMs: START_MS,
    endMs: END_MS,
    lateFraction: 0.01,
    malformedFraction: 0.001,
    escapedQuoteFraction: 0.01,
  })) {
    lines[i++] = g.line;
  }
  return lines.slice(0, i);
}
