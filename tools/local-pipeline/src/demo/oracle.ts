import { UNKNOWN_APPLICATION, bucketStartMs } from '@fleetlog/pipeline-config';
import { SimulatedFleet, type SimInstance } from '../fleet/simulated-fleet';
import type { DemoScenario } from './scenario';
import { MINUTE } from './timeline';
import type { TrafficItem } from './traffic';

/** What the traffic generator produced, by (bucket start ISO, application): the truth to check. */
export interface ExpectedTotals {
  requests: Map<string, number>;
  malformed: number;
  lines: number;
}

/** A flood the alarms must answer, as the oracle knows it (ARCHITECTURE.md section 6b). */
export interface ExpectedFlood {
  alarm: 'UnknownSourceRequests' | 'ApplicationFlood';
  applicationName: string;
  /**
   * The minute after the flood's one-minute burst: the first at which an observer without
   * latency sees more than the threshold in the preceding 5 minutes.
   */
  breachStart: string;
}

/**
 * Most seconds from a demo flood's breachStart to its notification (ARCHITECTURE.md section 8:
 * median 2 minutes). The demo's floods are strong (one minute alone crosses the threshold), so
 * each must meet it on its own.
 */
export const DEMO_DELAY_BUDGET_SECONDS = 120;

/**
 * The demo's test oracle, kept apart from the pipeline it checks: it counts every line shipped
 * under the application the fleet of that moment says its caller belongs to, and knows where the
 * floods must show. The demo's summary hands these answers to its specs, which compare them with
 * what the pipeline wrote.
 */
export class DemoOracle {
  readonly expected: ExpectedTotals = { requests: new Map(), malformed: 0, lines: 0 };
  /** The unknown flood's bucket: UnknownSourceRequests fires there and in no other. */
  readonly floodBucket: string;
  /** The known application's burst: ApplicationFlood fires for it there, and only there. */
  readonly knownFlood: { bucket: string; host: string; applicationName: string };
  private attribution: ReadonlyMap<string, string> = new Map();

  constructor(private readonly scenario: DemoScenario) {
    const s = scenario;
    this.floodBucket = new Date(s.startMs + s.flood.atMinute * MINUTE).toISOString();
    this.knownFlood = {
      bucket: new Date(s.startMs + s.applicationFlood.atMinute * MINUTE).toISOString(),
      // Known once the flood's segment picks an instance in service.
      host: '',
      applicationName:
        s.groups.find((g) => g.name === s.applicationFlood.group)?.applicationName ?? '?',
    };
  }

  /**
   * The floods the alarms must answer, each with one ALARM and one OK: the unknown burst
   * (UnknownSourceRequests) and the known application's (an ApplicationFlood contributor).
   */
  floods(): ExpectedFlood[] {
    const after = (iso: string) => new Date(Date.parse(iso) + MINUTE).toISOString();
    const floods: ExpectedFlood[] = [
      {
        alarm: 'UnknownSourceRequests',
        applicationName: UNKNOWN_APPLICATION,
        breachStart: after(this.floodBucket),
      },
      {
        alarm: 'ApplicationFlood',
        applicationName: this.knownFlood.applicationName,
        breachStart: after(this.knownFlood.bucket),
      },
    ];
    return floods.sort((a, b) => a.breachStart.localeCompare(b.breachStart));
  }

  /** A new segment: the static hosts' applications, then each in-service instance's group's. */
  attribute(inService: readonly SimInstance[]): void {
    const s = this.scenario;
    const attribution = new Map(s.staticHosts.map((r) => [r.host, r.applicationName]));
    for (const instance of inService) {
      const group = s.groups.find((g) => g.name === instance.group);
      attribution.set(SimulatedFleet.hostOf(instance), group?.applicationName ?? '?');
    }
    this.attribution = attribution;
  }

  /** One line shipped: a request of its caller's application in its bucket, or a malformed line. */
  count(item: TrafficItem): void {
    const expected = this.expected;
    expected.lines++;
    if (item.malformed) expected.malformed++;
    else {
      const key = `${new Date(bucketStartMs(item.epochMs)).toISOString()}|${this.attribution.get(item.host) ?? UNKNOWN_APPLICATION}`;
      expected.requests.set(key, (expected.requests.get(key) ?? 0) + 1);
    }
  }
}
