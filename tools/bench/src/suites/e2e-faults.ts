import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplaySummary } from '@fleetlog/local-pipeline';
import { exact, figure } from '../results';
import { summarize } from '../stats';
import type { SuiteContext } from '../suite';
import type { Replay } from './end-to-end';

/** Seeds of the replays with `--inject-faults` (issue 22 budget: several). */
export const FAULT_SEEDS = [1, 7, 42] as const;

/**
 * The replay of the end-to-end file with `--inject-faults` at each seed: requests counted twice
 * and lost over the seeds (both budgeted at 0), the faults injected, and the lines/s under faults.
 */
export async function faultReplays(
  ctx: SuiteContext,
  run: Replay,
  file: string,
  csv: string,
  lines: number,
): Promise<void> {
  let countedTwice = 0;
  let lost = 0;
  let injected = 0;
  let redeliveries = 0;
  const rates: number[] = [];
  for (const seed of FAULT_SEEDS) {
    ctx.log(`e2e: replay with --inject-faults ${seed}`);
    const outDir = join(ctx.tmpDir, `e2e-faults-${seed}`);
    const start = process.hrtime.bigint();
    const summary: ReplaySummary = await run({
      accessLogs: [file],
      referenceCsv: csv,
      outDir,
      logLevel: 'SILENT',
      injectFaults: seed,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await rm(outDir, { recursive: true, force: true });
    const faults = summary.faults;
    if (faults === undefined) throw new Error('the replay returned no fault report');
    countedTwice += faults.countedTwice;
    lost += faults.lost;
    injected += Object.values(faults.injected).reduce((a, b) => a + b, 0);
    redeliveries += faults.redeliveries;
    rates.push(summary.lines / seconds);
  }
  const seeds = `seeds ${FAULT_SEEDS.join(', ')}`;
  const of = `${lines.toLocaleString('en-US')}-line file with --inject-faults, ${seeds}`;
  const note = `${injected.toLocaleString('en-US')} faults injected, ${redeliveries.toLocaleString('en-US')} re-deliveries`;
  ctx.report(
    figure(
      'e2e',
      'e2e.faults.countedTwice',
      `requests counted twice, ${of}`,
      'requests',
      exact(countedTwice),
      note,
    ),
  );
  ctx.report(figure('e2e', 'e2e.faults.lost', `requests lost, ${of}`, 'requests', exact(lost)));
  ctx.report(
    figure('e2e', 'e2e.faults.linesPerSecond', `replay ${of}`, 'lines/s', summarize(rates)),
  );
}
