import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './args';
import { machineInfo, SUITES } from './results';
import type { BenchResults, Figure, Skipped, SuiteName } from './results';

/** Set in a child that runs one suite, so it does not fan out again. */
export const SUITE_CHILD_ENV = 'FLEETLOG_BENCH_SUITE_CHILD';

/** Runs one suite to completion, its results written to `outFile`; resolves to its exit code. */
export type SuiteRunner = (name: SuiteName, outFile: string, quick: boolean) => Promise<number>;

/**
 * A fresh Node process per suite, as each deployed function has a container of its own. In one
 * shared process the code optimised for one suite's data slows the next: on 2026-11-30 the
 * formats suite measured `combined_xff` at 1.30 M lines/s after the other suites and 2.27 M on
 * its own, and the replay at 469,000 lines/s after the formats suite and 984,000 on its own.
 */
export async function runSuitesInProcesses(
  options: BenchOptions & { log?: (message: string) => void; runSuite?: SuiteRunner },
): Promise<BenchResults> {
  const runSuite = options.runSuite ?? spawnSuite;
  const log = options.log ?? (() => undefined);
  const date = new Date().toISOString();
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'fleetlog-bench-suites-'));
  try {
    for (const name of SUITES) {
      if (!options.only.has(name)) continue;
      log(`${name}: own process`);
      const outFile = join(dir, `${name}.json`);
      const code = await runSuite(name, outFile, options.quick);
      const results = code === 0 ? await readSuiteResults(outFile) : undefined;
      if (results === undefined) {
        skipped.push({ suite: name, what: name, reason: `its process exited with code ${code}` });
        continue;
      }
      figures.push(...results.figures);
      skipped.push(...results.skipped);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    version: 1,
    date,
    quick: options.quick,
    command: `npm run bench --${options.quick ? ' --quick' : ''} --only ${[...options.only].join(',')}`,
    machine: machineInfo(),
    figures,
    skipped,
  };
}

async function readSuiteResults(path: string): Promise<BenchResults | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as BenchResults;
  } catch {
    return undefined;
  }
}

/** This script again with `--only NAME`: its table is not shown, its progress lines are. */
function spawnSuite(name: SuiteName, outFile: string, quick: boolean): Promise<number> {
  const args = [...process.execArgv, process.argv[1], '--only', name, '--out', outFile];
  if (quick) args.push('--quick');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, [SUITE_CHILD_ENV]: '1' },
    });
    child.on('error', () => resolve(-1));
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? -1 : 128)));
  });
}
