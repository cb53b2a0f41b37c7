import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../testing/memory-io';
import { parseCount, runCostCommand } from './command';
import type { CostReport } from './report';

describe('runCostCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetlog-cost-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the bill with both Kinesis modes and the KDA/Flink comparison', async () => {
    const io = memoryIo();
    const code = await runCostCommand(
      ['--lines-per-month', '1e6', '--results', join(dir, 'none.json')],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout.text).toMatch(/1,000,000 lines\/month, 10 applications/);
    expect(io.stdout.text).toMatch(/Total with Kinesis on-demand: +\$/);
    expect(io.stdout.text).toMatch(/Kinesis Data Analytics SQL \(historical\) +\$80\.30/);
    expect(io.stdout.text).toMatch(/Managed Service for Apache Flink +\$165\.60/);
    expect(io.stdout.text).toMatch(/none\.json not found/);
  });

  it('takes the aggregator duration from bench results', async () => {
    const results = join(dir, 'results.json');
    await writeFile(
      results,
      JSON.stringify({
        date: '2026-01-02T00:00:00Z',
        figures: [{ id: 'aggregator.raw.recordsPerSecond', median: 250000 }],
      }),
    );
    const io = memoryIo();
    expect(
      await runCostCommand(['--lines-per-month', '1000', '--results', results, '--json'], io),
    ).toBe(0);
    const report = JSON.parse(io.stdout.text) as CostReport;
    expect(report.inputs.secondsPerRecord).toBeCloseTo(4e-6, 12);
    expect(report.inputs.secondsPerRecordSource).toMatch(/250,000 records\/s, 2026-01-02/);
  });

  it('falls back to the default when the results file is malformed', async () => {
    const results = join(dir, 'bad.json');
    await writeFile(
      results,
      '{"figures": [{"id": "aggregator.raw.recordsPerSecond", "median": "fast"}]}',
    );
    const io = memoryIo();
    expect(
      await runCostCommand(['--lines-per-month', '10', '--results', results, '--json'], io),
    ).toBe(0);
    expect((JSON.parse(io.stdout.text) as CostReport).inputs.secondsPerRecordSource).toMatch(
      /has no aggregator/,
    );
  });

  it('honours --apps and --shards', async () => {
    const io = memoryIo();
    await runCostCommand(
      [
        '--lines-per-month',
        '1000',
        '--apps',
        '3',
        '--shards',
        '5',
        '--json',
        '--results',
        join(dir, 'x'),
      ],
      io,
    );
    const report = JSON.parse(io.stdout.text) as CostReport;
    expect(report.shards).toBe(5);
    expect(report.derived.customMetrics).toBe(4 * 4 + 3);
  });

  it.each([
    [[], /--lines-per-month is required/],
    [['--lines-per-month', 'lots'], /--lines-per-month must be a number/],
    [['--lines-per-month', '10', '--shards', '0'], /--shards must be a number >= 1/],
    [['--lines-per-month', '10', '--apps', '2.5'], /--apps must be a whole number/],
    [['--lines-per-month', '10', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with a message for %j', async (args, message) => {
    const io = memoryIo();
    expect(await runCostCommand(args, io)).toBe(2);
    expect(io.stderr.text).toMatch(message);
    expect(io.stderr.text).toMatch(/Usage: npm run fleetlog -- cost --lines-per-month N/);
    expect(io.stdout.text).toBe('');
  });
});

describe('parseCount', () => {
  it('accepts separators and exponents', () => {
    expect(parseCount('n', '10_000_000', 0)).toBe(1e7);
    expect(parseCount('n', '10,000,000', 0)).toBe(1e7);
    expect(parseCount('n', '1e10', 0)).toBe(1e10);
    expect(() => parseCount('n', '', 0)).toThrow(/--n must be/);
  });
});
