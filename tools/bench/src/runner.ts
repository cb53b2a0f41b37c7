import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './args';
import { machineInfo, SUITES } from './results';
import type { BenchResults, Figure, Skipped, SuiteName } from './results';
import { DEFAULT_SIZES, QUICK_SIZES } from './suite';
import type { Sizes, Suite, SuiteContext } from './suite';

/** Each suite loads on first use, so a component that fails to load skips only its own suite. */
export const SUITE_LOADERS: Record<SuiteName, () => Promise<Suite>> = {
  parser: async () => (await import('./suites/parser.js')).parserSuite,
  formats: async () => (await import('./suites/formats.js')).formatsSuite,
  aggregator: async () => (await import('./suites/aggregator.js')).aggregatorSuite,
  publisher: async () => (await import('./suites/publisher.js')).publisherSuite,
  lifecycle: async () => (await import('./suites/lifecycle.js')).lifecycleSuite,
  e2e: async () => (await import('./suites/end-to-end.js')).endToEndSuite,
  alarm: async () => (await import('./suites/alarm.js')).alarmSuite,
};

export interface RunOptions extends BenchOptions {
  /** Overrides of the sizes `quick` selects (tests use tiny ones). */
  sizes?: Partial<Sizes>;
  isolate?: boolean;
  log?: (message: string) => void;
  loaders?: Partial<Record<SuiteName, () => Promise<Suite>>>;
}

/** Runs the selected suites; a failing suite is recorded as skipped, never fatal. */
export async function runBench(options: RunOptions): Promise<BenchResults> {
  const sizes = { ...(options.quick ? QUICK_SIZES : DEFAULT_SIZES), ...options.sizes };
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  const log = options.log ?? (() => undefined);
  const tmpDir = await mkdtemp(join(tmpdir(), 'fleetlog-bench-'));
  try {
    for (const name of SUITES) {
      if (!options.only.has(name)) continue;
      const ctx: SuiteContext = {
        sizes,
        tmpDir,
        isolate: options.isolate ?? true,
        report: (f) => {
          figures.push(f);
          log(`  ${f.label}: ${f.median.toPrecision(4)} ${f.unit}`);
        },
        skip: (what, reason) => {
          skipped.push({ suite: name, what, reason });
          log(`  skipped ${what}: ${reason}`);
        },
        log,
      };
      try {
        const load = options.loaders?.[name] ?? SUITE_LOADERS[name];
        await (
          await load()
        )(ctx);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        ctx.skip(name, `failed: ${reason}`);
      }
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  return {
    version: 1,
    date: new Date().toISOString(),
    quick: options.quick,
    command: `npm run bench --${options.quick ? ' --quick' : ''} --only ${[...options.only].join(',')}`,
    machine: machineInfo(),
    figures,
    skipped,
  };
}
