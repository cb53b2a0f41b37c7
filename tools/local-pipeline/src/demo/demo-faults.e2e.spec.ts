import { FAULT_KINDS } from '../cloud/fault-plan';
import { faultReportLines } from '../cloud/fault-report';
import {
  makeTempDir,
  removeDir,
  smallScenario,
  sorted,
  sumAggregatesFile,
} from '../__fixtures__/e2e-support';
import { runDemo, type DemoSummary } from './demo';
import type { DemoScenario } from './scenario';

const SEEDS = [3, 11];
const MINUTES = 20;

/** The specs' small scenario, cut to its first 20 minutes: a scale-out, a scale-in, both floods. */
function shortScenario(): DemoScenario {
  const s = smallScenario();
  const endMs = s.startMs + s.durationMinutes * 60_000;
  return {
    ...s,
    startMs: endMs - MINUTES * 60_000,
    durationMinutes: MINUTES,
    scalePlan: [
      { atMinute: 5, group: 'asg-checkout', change: +2 },
      { atMinute: 12, group: 'asg-checkout', change: -1 },
    ],
    flood: { ...s.flood, atMinute: 15 },
    applicationFlood: { ...s.applicationFlood, atMinute: 10 },
  };
}

// npm start -- --inject-faults SEED: the demo's handlers fail at seeded points on embedded
// Kinesis, S3 and DynamoDB; CloudWatch still counts what the oracle counted, per bucket and
// application (issue 22).
describe('the demo with --inject-faults: counted once, whatever fails', () => {
  let dir: string | undefined;
  const runs = new Map<number, DemoSummary>();

  beforeAll(async () => {
    dir = await makeTempDir('demo-faults');
    for (const seed of SEEDS) {
      runs.set(
        seed,
        await runDemo({
          scenario: shortScenario(),
          outDir: `${dir}/out-${seed}`,
          logLevel: 'SILENT',
          injectFaults: seed,
        }),
      );
    }
  }, 400_000);

  afterAll(() => removeDir(dir));

  it.each(SEEDS)(
    'seed %i: per bucket and application, none counted twice and none lost',
    (seed) => {
      const summary = runs.get(seed);
      expect(summary?.pollerFailures).toBe(0);
      expect(summary?.faults).toMatchObject({ seed, countedTwice: 0, lost: 0, equal: true });
      const expected = [...(summary?.expected.requests.values() ?? [])].reduce((a, b) => a + b, 0);
      expect(summary?.faults?.publishedRequests).toBe(expected);
      const faults = summary?.faults;
      if (!faults) throw new Error('no fault report');
      expect(faultReportLines(faults)[0]).toMatch(
        new RegExp(`^faults injected \\(seed ${seed}\\): \\d+ timeouts? after PutMetricData, `),
      );
    },
  );

  it('injects faults on both sides and re-delivers, while the output stream carries the re-sent aggregates', async () => {
    for (const seed of SEEDS) {
      const faults = runs.get(seed)?.faults;
      expect(FAULT_KINDS.reduce((n, kind) => n + (faults?.injected[kind] ?? 0), 0)).toBeGreaterThan(
        5,
      );
      expect(faults?.redeliveries).toBeGreaterThan(0);
    }
    const partial = SEEDS.reduce(
      (n, s) => n + (runs.get(s)?.faults?.injected.partialPutRecords ?? 0),
      0,
    );
    expect(partial).toBeGreaterThan(0);
    // The aggregates written to the stream, duplicates dropped by flushId and group, still sum to
    // the oracle's counts: what was written twice was the same record.
    const summary = runs.get(SEEDS[0]);
    if (!summary) throw new Error('no run');
    const sums = await sumAggregatesFile(summary.files.aggregates);
    expect(sorted(sums.requests)).toEqual(sorted(summary.expected.requests));
  });
});
