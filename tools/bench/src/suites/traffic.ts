import { generateTraffic, type GeneratedLine } from '@fleetlog/loggen';

/** Seeded, so every run and every suite sees the same realistic mix. */
export const SEED = 20150517;
export const START_MS = Date.parse('2015-05-17T10:00:00Z');
export const END_MS = Date.parse('2015-05-17T11:00:00Z');
const APPS = 10;

/** The bench's traffic: loggen's realistic mix incl. escaped quotes, IPv6, junk, late and malformed lines. */
export function benchTraffic(count: number, seed = SEED): Generator<GeneratedLine> {
  return generateTraffic({
    seed,
    count,
    startMs: START_MS,
    endMs: END_MS,
    lateFraction: 0.01,
    malformedFraction: 0.001,
    escapedQuoteFraction: 0.01,
  });
}

/** Generated combined lines of `benchTraffic`, held in memory. */
export function generateLines(count: number, seed = SEED): string[] {
  const lines: string[] = [];
  for (const g of benchTraffic(count, seed)) lines.push(g.line);
  return lines;
}

/** A reference map of `hosts`: nine in ten mapped to ten applications, the rest left UNKNOWN. */
export function referenceCsvFor(hosts: Iterable<string>): string {
  const rows = ['Host,ApplicationName,Contact'];
  let i = 0;
  for (const host of hosts) {
    if (i % 10 !== 9) rows.push(`${host},app-${i % APPS},team-${i % APPS}@example.com`);
    i++;
  }
  return `${rows.join('\n')}\n`;
}
