import { generateTraffic } from '@fleetlog/loggen';
import { SimulatedFleet, type SimInstance } from '../fleet/simulated-fleet';
import type { DemoScenario } from './scenario';
import { BUCKET_MS, MINUTE, PERIOD_MS } from './timeline';

/** One generated log line and what the demo knows about it. */
export interface TrafficItem {
  line: string;
  host: string;
  epochMs: number;
  malformed: boolean;
}

/** A caller and its share of the callers' traffic. */
export interface Caller {
  host: string;
  weight: number;
}

/** Who calls during a segment: the static hosts, then every instance in service, by group weight. */
export function callersOf(s: DemoScenario, inService: readonly SimInstance[]): Caller[] {
  const callers: Caller[] = s.staticHosts.map((r) => ({ host: r.host, weight: 1 }));
  for (const instance of inService) {
    const group = s.groups.find((g) => g.name === instance.group);
    callers.push({ host: SimulatedFleet.hostOf(instance), weight: group?.weight ?? 1 });
  }
  return callers;
}

/**
 * The lines of segment `index`, [a, b): the callers' traffic, the unknown hosts' background and
 * the floods that start in it, merged as one log file. `applicationFloodHost` is asked for the
 * known application's flooding host only in the segment where that flood starts.
 */
export function segmentTraffic(
  s: DemoScenario,
  index: number,
  a: number,
  b: number,
  callers: readonly Caller[],
  applicationFloodHost: () => string,
): Generator<TrafficItem> {
  const minutes = (b - a) / MINUTE;
  const streams = [
    traffic(s, index * 3 + 1, Math.round(s.callerRequestsPerMinute * minutes), a, b, callers, true),
    traffic(
      s,
      index * 3 + 2,
      Math.round((s.unknownRequestsPerBucket * (b - a)) / PERIOD_MS),
      a,
      b,
      s.unknownHosts,
      true,
    ),
  ];
  const floodStart = s.startMs + s.flood.atMinute * MINUTE;
  if (floodStart >= a && floodStart < b) {
    // Inside one bucket, on time and well-formed: it must land in exactly that bucket.
    const floodEnd = Math.min(floodStart + BUCKET_MS, b) - 1;
    streams.push(
      traffic(
        s,
        index * 3 + 3,
        s.flood.requests,
        floodStart,
        floodEnd,
        [{ host: s.flood.host, weight: 1 }],
        false,
      ),
    );
  }
  const appFloodStart = s.startMs + s.applicationFlood.atMinute * MINUTE;
  if (appFloodStart >= a && appFloodStart < b) {
    const end = Math.min(appFloodStart + BUCKET_MS, b) - 1;
    streams.push(
      traffic(
        s,
        100_000 + index,
        s.applicationFlood.requests,
        appFloodStart,
        end,
        [{ host: applicationFloodHost(), weight: 1 }],
        false,
      ),
    );
  }
  return interleave(streams);
}

/** `count` lines from `hosts` between the two times; `noisy` adds late, malformed and escaped lines. */
function traffic(
  s: DemoScenario,
  stream: number,
  count: number,
  startMs: number,
  endMs: number,
  hosts: readonly Caller[],
  noisy: boolean,
): TrafficItem[] {
  if (count <= 0 || hosts.length === 0) return [];
  return [
    ...generateTraffic({
      seed: s.seed * 1_000_003 + stream,
      count,
      startMs,
      endMs,
      hosts,
      lateFraction: noisy ? s.lateFraction : 0,
      malformedFraction: noisy ? s.malformedFraction : 0,
      escapedQuoteFraction: noisy ? s.escapedQuoteFraction : 0,
    }),
  ];
}

/** Several generators' lines merged in proportion, each in its own order, as one log file. */
function* interleave(streams: TrafficItem[][]): Generator<TrafficItem> {
  const cursors = streams.map(() => 0);
  const total = streams.reduce((n, s) => n + s.length, 0);
  for (let emitted = 0; emitted < total; emitted++) {
    let best = -1;
    let bestPos = Infinity;
    streams.forEach((items, k) => {
      if (cursors[k] >= items.length) return;
      const pos = (cursors[k] + 0.5) / items.length;
      if (pos < bestPos) {
        bestPos = pos;
        best = k;
      }
    });
    yield streams[best][cursors[best]++];
  }
}
