// Helpers of the end-to-end specs. They read the output files on their own, without the code
// under test (run-summary, run-outputs), so a bug there cannot hide itself.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultScenario, type DemoScenario } from '../demo/scenario';

/** A fixed clock: runs are reproducible; the publisher's "now" follows the data, not the wall. */
export const FIXED_NOW_MS = Date.UTC(2025, 4, 17, 13, 0);

/**
 * An hour of the default demo, lighter: three groups scaling out and in (one IPv6 group), static
 * hosts, unknown background traffic and one flood. Planned so the map ends with one removed
 * host still in its grace period and one whose grace period has run out.
 */
export function smallScenario(seed = 7): DemoScenario {
  const base = defaultScenario(seed, FIXED_NOW_MS);
  const durationMinutes = 60;
  return {
    ...base,
    startMs: FIXED_NOW_MS - durationMinutes * 60_000,
    durationMinutes,
    scalePlan: [
      { atMinute: 10, group: 'asg-checkout', change: +2 },
      { atMinute: 15, group: 'asg-search', change: +1 },
      // Removed at 20: its 15-minute grace period has ended by the renders at 40 and 50.
      { atMinute: 20, group: 'asg-checkout', change: -1 },
      { atMinute: 40, group: 'asg-reports', change: +1 },
      // Removed at 50, the last lifecycle event: still in grace in the final map.
      { atMinute: 50, group: 'asg-search', change: -1 },
    ],
    callerRequestsPerMinute: 150,
    unknownRequestsPerBucket: 40,
    // Both floods in the last 15 minutes, so that recent-top-hosts (the newest 15 one-minute
    // windows) still holds them at the end of the run.
    flood: { ...base.flood, atMinute: 50, requests: 400 },
    // checkout alone stays under ~480 per 5 minutes; the burst at 45 takes it near 1,000. Early
    // enough that its alarm is back to OK (10 minutes later, 1 of 2 periods) before the run ends.
    applicationFlood: { ...base.applicationFlood, atMinute: 45, requests: 600 },
    applicationThreshold: 600,
    reconcileEveryMinutes: 30,
    lateFraction: 0.02,
    malformedFraction: 0.004,
  };
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `fleetlog-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/** aggregates.jsonl summed the way section 4 of ARCHITECTURE.md tells a consumer to. */
export interface AggregateSums {
  /** `windowStart|applicationName` → requests. */
  requests: Map<string, number>;
  malformedLines: number;
  /** Lines of the pipeline kind: records read, summed. */
  pipelineRecords: number;
  /** Heaviest hosts per `windowStart|applicationName`, summed over partials. */
  topHosts: Map<string, Map<string, number>>;
  lines: number;
  duplicates: number;
}

interface RawAggregate {
  schemaVersion: number;
  kind: string;
  windowStart: string;
  windowEnd: string;
  applicationName?: string;
  requestCount?: number;
  topHosts?: { host: string; requestCount: number }[];
  records?: number;
  malformedLines?: number;
  partial: { shardId: string; flushId: string };
}

export async function sumAggregatesFile(path: string): Promise<AggregateSums> {
  const sums: AggregateSums = {
    requests: new Map(),
    malformedLines: 0,
    pipelineRecords: 0,
    topHosts: new Map(),
    lines: 0,
    duplicates: 0,
  };
  const seen = new Set<string>();
  for (const text of (await readFile(path, 'utf8')).split('\n')) {
    if (text === '') continue;
    sums.lines++;
    const r = JSON.parse(text) as RawAggregate;
    if (r.schemaVersion !== 1) throw new Error(`unexpected schemaVersion in ${text}`);
    const id = `${r.kind}|${r.windowStart}|${r.applicationName ?? ''}|${r.partial.shardId}|${r.partial.flushId}`;
    if (seen.has(id)) {
      sums.duplicates++;
      continue;
    }
    seen.add(id);
    if (r.kind === 'pipeline') {
      sums.malformedLines += r.malformedLines ?? 0;
      sums.pipelineRecords += r.records ?? 0;
      continue;
    }
    if (r.kind !== 'requests') throw new Error(`unexpected kind in ${text}`);
    const key = `${r.windowStart}|${r.applicationName ?? ''}`;
    sums.requests.set(key, (sums.requests.get(key) ?? 0) + (r.requestCount ?? 0));
    const hosts = sums.topHosts.get(key) ?? new Map<string, number>();
    for (const h of r.topHosts ?? []) hosts.set(h.host, (hosts.get(h.host) ?? 0) + h.requestCount);
    sums.topHosts.set(key, hosts);
  }
  return sums;
}

/** A map as a sorted plain object, so a failing comparison shows which key differs. */
export function sorted(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `Host,ApplicationName,Contact` rows of a CSV without quoted commas, header dropped, sorted. */
export function csvRows(text: string): string[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line !== '')
    .sort();
}
