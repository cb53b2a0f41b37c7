import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs } from './args';
import { BUDGETS, budgetFor, judge } from './budgets';
import { exact, figure, SUITES, writeResults } from './results';
import type { BenchResults, Figure, Skipped } from './results';
import { runBench } from './runner';
import { runSuitesInProcesses } from './suite-processes';
import { measureRate, median, summarize } from './stats';
import { formatNumber, formatTable } from './table';

/** A results file as one suite's process writes it. */
function resultsWith(figures: Figure[], skipped: Skipped[]): BenchResults {
  return {
    version: 1,
    date: '2026-01-01T00:00:00.000Z',
    quick: true,
    command: 'npm run bench -- --quick',
    machine: {
      cpuModel: 'x',
      cores: 1,
      memoryBytes: 1,
      node: 'v20',
      platform: 'linux',
      arch: 'x64',
    },
    figures,
    skipped,
  };
}

describe('statistics', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('summarizes median, min, max and run count', () => {
    expect(summarize([10, 30, 20, 40, 50])).toEqual({ median: 30, min: 10, max: 50, runs: 5 });
  });

  it('measures units per second over timed runs only, after the warm-ups', async () => {
    let calls = 0;
    const summary = await measureRate({ warmups: 2, runs: 3 }, () => {
      calls++;
      return 1000;
    });
    expect(calls).toBe(5);
    expect(summary.runs).toBe(3);
    expect(summary.min).toBeGreaterThan(0);
    expect(summary.min).toBeLessThanOrEqual(summary.median);
    expect(summary.median).toBeLessThanOrEqual(summary.max);
  });
});

describe('budgets (ARCHITECTURE.md section 8)', () => {
  it('judges at-least, at-most and strictly-below limits', () => {
    const get = (id: string) => {
      const budget = budgetFor(id);
      if (budget === undefined) throw new Error(`no budget for ${id}`);
      return budget;
    };
    const parser = get('parser.scan.linesPerSecond');
    expect(parser.limit).toBe(2_000_000);
    expect(judge(parser, 2_000_000)).toBe('pass');
    expect(judge(parser, 1_999_999)).toBe('fail');
    const rss = get('aggregator.raw.peakRssMb');
    expect(judge(rss, 149.9)).toBe('pass');
    expect(judge(rss, 150)).toBe('fail');
    const calls = get('lifecycle.1000.callsPerEvent');
    expect(judge(calls, 10)).toBe('pass');
    expect(judge(calls, 11)).toBe('fail');
  });

  it('covers every ARCHITECTURE.md section 8 budget once', () => {
    const ids = BUDGETS.map((b) => b.figure);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'parser.scan.linesPerSecond',
      'aggregator.raw.recordsPerSecond',
      'aggregator.raw.peakRssMb',
      'aggregator.state.10000.kb',
      'publisher.callsPer1000DataPoints',
      'lifecycle.1000.callsPerEvent',
      'lifecycle.concurrent100.lostUpdates',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('attaches the verdict to a figure that has a budget, and none to one that has not', () => {
    const slow = figure(
      'parser',
      'parser.scan.linesPerSecond',
      'scan',
      'lines/s',
      exact(1_000_000),
    );
    expect(slow.budget).toEqual({ text: '>= 2,000,000 lines/s', verdict: 'fail' });
    expect(
      figure('parser', 'parser.regex.linesPerSecond', 'regex', 'lines/s', exact(1)).budget,
    ).toBeUndefined();
  });
});

describe('table', () => {
  it('rounds to three significant digits with separators', () => {
    expect(formatNumber(2_345_678)).toBe('2,350,000');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(0)).toBe('0');
  });

  it('prints one aligned row per figure with PASS/FAIL beside budgeted ones, then skips', () => {
    const text = formatTable({
      figures: [
        figure('parser', 'parser.scan.linesPerSecond', 'scan', 'lines/s', {
          median: 2_500_000,
          min: 2_400_000,
          max: 2_600_000,
          runs: 5,
        }),
        figure(
          'parser',
          'parser.regex.linesPerSecond',
          'regex',
          'lines/s',
          exact(2_300_000),
          '0.92x scan',
        ),
      ],
      skipped: [{ suite: 'parser', what: 'GoAccess', reason: 'not installed' }],
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Suite +Figure +Median +Min +Max +Unit +Runs +Budget +Note$/);
    expect(lines[2]).toMatch(
      /scan +2,500,000 +2,400,000 +2,600,000 +lines\/s +5 +PASS \(>= 2,000,000 lines\/s\)/,
    );
    expect(lines[3]).toMatch(/regex .* 0\.92x scan$/);
    expect(lines[4]).toBe('skipped parser: GoAccess: not installed');
    // Columns line up: every row has the Median column ending at the same place.
    const end = lines[0].indexOf('Median') + 'Median'.length;
    expect(lines[2].slice(end - 9, end)).toBe('2,500,000');
  });
});

describe('arguments', () => {
  it('defaults to every suite, full sizes, bench/results.json', () => {
    const options = parseBenchArgs([]);
    expect(options.quick).toBe(false);
    expect([...options.only]).toEqual([...SUITES]);
    expect(options.out).toBe('bench/results.json');
  });

  it('takes --quick and --only', () => {
    const options = parseBenchArgs(['--quick', '--only', 'parser, lifecycle']);
    expect(options.quick).toBe(true);
    expect([...options.only]).toEqual(['parser', 'lifecycle']);
  });

  it('rejects unknown suites and options with a readable message', () => {
    expect(() => parseBenchArgs(['--only', 'parser,gpu'])).toThrow(
      /--only takes a comma-separated list/,
    );
    expect(() => parseBenchArgs(['--fast'])).toThrow(/Unknown option '--fast'/);
  });
});

describe('runBench', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetlog-bench-spec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs only the selected suites and records a failing one as skipped', async () => {
    const ran: string[] = [];
    const results = await runBench({
      quick: true,
      only: new Set(['parser', 'publisher']),
      out: join(dir, 'unused.json'),
      loaders: {
        parser: async () => async (ctx) => {
          ran.push('parser');
          ctx.report(
            figure(
              'parser',
              'parser.scan.linesPerSecond',
              'scan',
              'lines/s',
              exact(ctx.sizes.parserLines),
            ),
          );
        },
        publisher: async () => async () => {
          ran.push('publisher');
          throw new Error('component missing\nstack');
        },
        lifecycle: async () => async () => {
          ran.push('lifecycle');
        },
      },
      sizes: { parserLines: 123 },
    });
    expect(ran).toEqual(['parser', 'publisher']);
    expect(results.figures.map((f) => [f.id, f.median])).toEqual([
      ['parser.scan.linesPerSecond', 123],
    ]);
    expect(results.skipped).toEqual([
      { suite: 'publisher', what: 'publisher', reason: 'failed: component missing' },
    ]);
    expect(results.quick).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(results.date))).toBe(false);
  });

  it('writes the results as JSON, creating the directory', async () => {
    const results = resultsWith(
      [figure('lifecycle', 'lifecycle.1000.callsPerEvent', 'calls', 'calls', exact(8))],
      [],
    );
    const path = join(dir, 'nested', 'results.json');
    await writeResults(path, results);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(results);
  });
});

describe('runSuitesInProcesses', () => {
  it('runs each selected suite on its own, in suite order, and merges what they wrote', async () => {
    const ran: string[] = [];
    const results = await runSuitesInProcesses({
      quick: true,
      only: new Set(['formats', 'parser', 'lifecycle']),
      out: 'unused.json',
      runSuite: async (name, outFile, quick) => {
        ran.push(`${name}${quick ? ' quick' : ''}`);
        if (name === 'lifecycle') return 3; // a crashed child writes nothing
        await writeResults(
          outFile,
          resultsWith(
            [figure(name, `${name}.x`, name, 'lines/s', exact(name.length))],
            name === 'formats' ? [{ suite: name, what: 'GoAccess', reason: 'not installed' }] : [],
          ),
        );
        return 0;
      },
    });
    expect(ran).toEqual(['parser quick', 'lifecycle quick', 'formats quick']);
    expect(results.figures.map((f) => [f.id, f.median])).toEqual([
      ['parser.x', 6],
      ['formats.x', 7],
    ]);
    expect(results.skipped).toEqual([
      { suite: 'lifecycle', what: 'lifecycle', reason: 'its process exited with code 3' },
      { suite: 'formats', what: 'GoAccess', reason: 'not installed' },
    ]);
    expect(results.command).toBe('npm run bench -- --quick --only formats,parser,lifecycle');
  });
});
