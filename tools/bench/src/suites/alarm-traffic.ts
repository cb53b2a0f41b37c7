import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DEFAULT_HOSTS, generateTraffic } from '@fleetlog/loggen';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The log starts at midnight UTC, so its days have their peaks in the afternoon. */
export const ALARM_LOG_START_MS = Date.parse('2015-05-17T00:00:00Z');

/** A host no map row names: its bursts are the unknown floods. */
export const BURST_HOST = '198.51.100.77';

/** Traffic of one hour of the day relative to the day's mean: low at night, peaks at 15:00 UTC. */
export function diurnalFactor(hourOfDay: number): number {
  return 1 + 0.8 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
}

/** What writeDiurnalLog wrote: its lines and, per application, its requests per minute. */
export interface DiurnalLog {
  lines: number;
  /** application → minute (epoch ms) → requests; the unknown bursts apart, as `burst`. */
  perMinute: Map<string, Map<number, number>>;
}

/** The heaviest Sum of 5 consecutive minutes of one application. */
export function peakFiveMinutes(perMinute: ReadonlyMap<number, number>): number {
  let peak = 0;
  for (const minute of perMinute.keys()) {
    let sum = 0;
    for (let k = 0; k < 5; k++) sum += perMinute.get(minute + k * MINUTE) ?? 0;
    peak = Math.max(peak, sum);
  }
  return peak;
}

/**
 * A generated access log with realistic diurnal traffic (`@fleetlog/loggen`'s callers, late and
 * malformed lines included) over `hours` hours, hour by hour in time order, plus a 3-minute
 * burst of an unknown host every `burstEveryHours` hours: the daily peaks are the floods just
 * over a low threshold, the bursts the strong ones. Streams to `path`; memory stays flat.
 */
export async function writeDiurnalLog(
  path: string,
  hours: number,
  linesPerHour: number,
  seed: number,
  applicationOf: (host: string) => string,
  burstEveryHours = 11,
): Promise<DiurnalLog> {
  const out = createWriteStream(path);
  let lines = 0;
  const perMinute = new Map<string, Map<number, number>>();
  const tally = (app: string, epochMs: number): void => {
    const minutes = perMinute.get(app) ?? new Map<number, number>();
    perMinute.set(app, minutes);
    const minute = Math.floor(epochMs / MINUTE) * MINUTE;
    minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
  };
  for (let h = 0; h < hours; h++) {
    const startMs = ALARM_LOG_START_MS + h * HOUR;
    const parts = [
      ...generateTraffic({
        seed: seed + h,
        count: Math.round(linesPerHour * diurnalFactor(h % 24)),
        startMs,
        endMs: startMs + HOUR,
        hosts: DEFAULT_HOSTS,
        lateFraction: 0.01,
        malformedFraction: 0.001,
        escapedQuoteFraction: 0.01,
      }),
    ];
    for (const g of parts) if (!g.malformed) tally(applicationOf(g.host), g.epochMs);
    if (h % burstEveryHours === burstEveryHours - 1) {
      const burstStart = startMs + 20 * MINUTE;
      for (const g of generateTraffic({
        seed: seed + 100_000 + h,
        count: Math.round(linesPerHour / 20),
        startMs: burstStart,
        endMs: burstStart + 3 * MINUTE,
        hosts: [{ host: BURST_HOST, weight: 1 }],
      })) {
        parts.push(g);
        tally('burst', g.epochMs);
      }
      parts.sort((a, b) => a.epochMs - b.epochMs);
    }
    const text = `${parts.map((g) => g.line).join('\n')}\n`;
    lines += parts.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { lines, perMinute };
}
