import { readFile } from 'node:fs/promises';
import type { ReplayOptions, ReplaySummary } from '@fleetlog/local-pipeline';
import { runBench } from '../runner';
import type { RunOptions } from '../runner';
import type { Figure } from '../results';
import { endToEndSuite, referenceCsv } from './end-to-end';
import { lifecycleSuite } from './lifecycle';
import { publisherSuite } from './publisher';

// Static imports: Jest does not map the runner's lazy `import('./suites/x.js')` to TypeScript.
const loaders: RunOptions['loaders'] = {
  publisher: async () => publisherSuite,
  lifecycle: async () => lifecycleSuite,
};

const byId = (figures: Figure[]) => new Map(figures.map((f) => [f.id, f]));

describe('bench suites in --quick mode on tiny sizes, in-process', () => {
  it('counts PutMetricData calls and bytes for 1,000 aggregates', async () => {
    const results = await runBench({
      quick: true,
      only: new Set(['publisher']),
      out: '',
      isolate: false,
      loaders,
    });
    expect(results.skipped).toEqual([]);
    const f = byId(results.figures);
    // 99 applications x 4 metrics + 2 pipeline metrics per window of 100 aggregates.
    expect(f.get('publisher.dataPointsPer1000Aggregates')?.median).toBe(3980);
    expect(f.get('publisher.callsPer1000Aggregates')?.median).toBeGreaterThanOrEqual(4);
    expect(f.get('publisher.batched.callsPer1000Aggregates')?.median).toBeGreaterThanOrEqual(5);
    expect(f.get('publisher.requestKbPer1000Aggregates')?.median).toBeGreaterThan(0);
    expect(f.get('publisher.callsPer1000DataPoints')?.budget).toBeDefined();
    // The ledger on dynalite: one claim per aggregate group, one outcome per PutMetricData call.
    expect(f.get('publisher.ledger.writesPerGroup')?.median).toBeCloseTo(1 + 1 / 200, 5);
    expect(f.get('publisher.ledger.timeRatio')?.budget?.text).toBe('<= 1.2x');
  }, 120_000);

  it('counts AWS calls per lifecycle event and checks 100 concurrent launches', async () => {
    const results = await runBench({
      quick: true,
      only: new Set(['lifecycle']),
      out: '',
      isolate: false,
      loaders,
      sizes: { lifecycleFleets: [100, 1000] },
    });
    expect(results.skipped).toEqual([]);
    const f = byId(results.figures);
    const small = f.get('lifecycle.100.callsPerEvent')?.median ?? NaN;
    const large = f.get('lifecycle.1000.callsPerEvent')?.median ?? NaN;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThanOrEqual(small);
    expect(f.get('lifecycle.1000.callsPerEvent')?.budget?.text).toBe('<= 10 calls');
    const lost = f.get('lifecycle.concurrent100.lostUpdates');
    expect(lost?.median).toBe(0);
    // The figure means something only if the runs really raced on the conditional writes.
    expect(Number(/^(\d+) conditional writes refused/.exec(lost?.note ?? '')?.[1])).toBeGreaterThan(
      0,
    );
  });
});

describe('end-to-end suite, with a stand-in replay', () => {
  it('replays a generated file after a warm-up on a tenth of it and reports lines/s', async () => {
    const calls: { lines: number; csv: string; options: ReplayOptions }[] = [];
    const replay = async (options: ReplayOptions): Promise<ReplaySummary> => {
      const text = await readFile(options.accessLogs[0], 'utf8');
      const lines = text.split('\n').filter((l) => l !== '').length;
      calls.push({ lines, csv: await readFile(options.referenceCsv ?? '', 'utf8'), options });
      return { lines, kinesisRecords: 1, aggregatesEmitted: 2 } as unknown as ReplaySummary;
    };
    const results = await runBench({
      quick: true,
      only: new Set(['e2e']),
      out: '',
      loaders: { e2e: async () => (ctx) => endToEndSuite(ctx, replay) },
      sizes: { e2eLines: 200, e2eRuns: 2, warmups: 1 },
    });
    expect(results.skipped).toEqual([]);
    expect(calls.map((c) => c.lines)).toEqual([20, 200, 200]);
    expect(calls[0].csv).toBe(referenceCsv());
    expect(calls[1].options.logLevel).toBe('SILENT');
    const [f] = results.figures;
    expect(f.id).toBe('e2e.replay.linesPerSecond');
    expect(f.runs).toBe(2);
    expect(f.median).toBeGreaterThan(0);
    expect(f.note).toMatch(/^2 runs/);
  });

  it('maps nine in ten of the generated callers', () => {
    const rows = referenceCsv().trimEnd().split('\n');
    expect(rows[0]).toBe('Host,ApplicationName,Contact');
    expect(rows.length - 1).toBe(207);
  });
});
