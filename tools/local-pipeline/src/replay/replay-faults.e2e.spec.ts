import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateTraffic } from '@fleetlog/loggen';
import { FAULT_KINDS } from '../cloud/fault-plan';
import { faultReportLines } from '../cloud/fault-report';
import { FIXED_NOW_MS, makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { replayAccessLog, type ReplaySummary } from './replay';

const LINES = 20_000;
const SEEDS = [1, 7, 2024];

// npm start -- --access-log FILE --inject-faults SEED: whatever fails, CloudWatch counts every
// request of the log once (issue 22).
describe('replay with --inject-faults: counted once, whatever fails', () => {
  let dir: string | undefined;
  let logPath = '';
  let expectedRequests = 0;
  const runs = new Map<number, ReplaySummary>();

  beforeAll(async () => {
    dir = await makeTempDir('replay-faults');
    logPath = join(dir, 'access.log');
    const out = createWriteStream(logPath);
    for (const g of generateTraffic({
      seed: 99,
      count: LINES,
      startMs: FIXED_NOW_MS - 3 * 3_600_000,
      endMs: FIXED_NOW_MS,
      hosts: Array.from({ length: 40 }, (_, i) => ({ host: `10.2.0.${i}`, weight: 1 + (i % 5) })),
      lateFraction: 0.03,
      malformedFraction: 0.005,
    })) {
      if (!g.malformed) expectedRequests++;
      if (!out.write(`${g.line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    for (const seed of SEEDS) {
      runs.set(
        seed,
        await replayAccessLog({
          accessLogs: [logPath],
          outDir: join(dir, `out-${seed}`),
          // Small records and invocations: many calls for the faults to strike.
          recordBytes: 16 * 1024,
          recordsPerInvocation: 4,
          // One seed through a worker shard too: its faults come back with its tally.
          shards: seed === 7 ? 2 : 1,
          logLevel: 'SILENT',
          injectFaults: seed,
        }),
      );
    }
  }, 240_000);

  afterAll(() => removeDir(dir));

  it.each(SEEDS)('seed %i: no request counted twice, none lost', (seed) => {
    const faults = runs.get(seed)?.faults;
    expect(faults).toBeDefined();
    expect(faults).toMatchObject({
      seed,
      expectedRequests,
      publishedRequests: expectedRequests,
      countedTwice: 0,
      lost: 0,
      equal: true,
    });
    expect(runs.get(seed)?.publisher.failedBatches).toBe(0);
    if (!faults) throw new Error('no fault report');
    expect(faultReportLines(faults)[1]).toBe(
      `totals equal the log's: ${expectedRequests.toLocaleString('en-US')} requests, none counted twice, none lost`,
    );
  });

  it('injects every kind of fault over the seeds, and re-delivers what they hit', () => {
    for (const kind of FAULT_KINDS) {
      const total = SEEDS.reduce((n, seed) => n + (runs.get(seed)?.faults?.injected[kind] ?? 0), 0);
      expect({ kind, injected: total > 0 }).toEqual({ kind, injected: true });
    }
    for (const seed of SEEDS) expect(runs.get(seed)?.faults?.redeliveries).toBeGreaterThan(0);
  });

  it('would see a count doubled: without the ledger the same faults count requests twice', async () => {
    const summary = await replayAccessLog({
      accessLogs: [logPath],
      outDir: join(dir ?? '', 'out-no-ledger'),
      recordBytes: 16 * 1024,
      recordsPerInvocation: 4,
      logLevel: 'SILENT',
      injectFaults: 7,
      publishLedger: false,
    });
    expect(summary.faults?.countedTwice).toBeGreaterThan(0);
    expect(summary.faults?.equal).toBe(false);
    const faults = summary.faults;
    if (!faults) throw new Error('no fault report');
    expect(faultReportLines(faults)[1]).toMatch(
      /^totals differ from the log's: [\d,]+ requests published for [\d,]+ in the log \([\d,]+ counted twice, 0 lost\)$/,
    );
  }, 120_000);
});
