import { fork } from 'node:child_process';
import { join } from 'node:path';
import { exact, figure } from '../results';
import type { SuiteContext } from '../suite';
import { AGGREGATOR_FORMATS, runAggregatorBench, windowStateBytes } from './aggregator-run';
import type { AggregatorRunOptions, AggregatorRunResult } from './aggregator-run';

type ChildMessage = { ok: true; result: AggregatorRunResult } | { ok: false; error: string };

/** Runs one format in a fresh Node process (same loader flags, e.g. tsx) and returns its result. */
function inChild(options: AggregatorRunOptions): Promise<AggregatorRunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'aggregator-child.ts'), [JSON.stringify(options)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (message: ChildMessage) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`aggregator bench child failed: ${message.error}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`aggregator bench child exited with ${code} and no result`));
    });
  });
}

const LABELS = {
  raw: 'raw lines',
  'agent-json': 'agent JSON (LOGTOJSON)',
  'raw-gzip': 'raw lines, gzip per record',
} as const;

/** Handler records/s and peak RSS per input format, and window state size by client count. */
export async function aggregatorSuite(ctx: SuiteContext): Promise<void> {
  const { sizes } = ctx;
  for (const format of AGGREGATOR_FORMATS) {
    ctx.log(
      `aggregator: ${format}, ${sizes.eventsPerRun} x ${sizes.eventRecords}-record events per run`,
    );
    const options: AggregatorRunOptions = {
      format,
      eventRecords: sizes.eventRecords,
      eventsPerRun: sizes.eventsPerRun,
      warmups: sizes.warmups,
      runs: sizes.runs,
    };
    const result = ctx.isolate ? await inChild(options) : await runAggregatorBench(options);
    const events = `${sizes.eventRecords.toLocaleString('en-US')}-record events`;
    ctx.report(
      figure(
        'aggregator',
        `aggregator.${format}.recordsPerSecond`,
        `handler, ${LABELS[format]}, ${events}`,
        'records/s',
        result.recordsPerSecond,
      ),
    );
    ctx.report(
      figure(
        'aggregator',
        `aggregator.${format}.peakRssMb`,
        `peak RSS, ${LABELS[format]}`,
        'MB',
        exact(result.peakRssMb),
        ctx.isolate ? 'own process' : 'shared process',
      ),
    );
  }
  for (const ips of sizes.stateClientIps) {
    const bytes = await windowStateBytes(ips, sizes.eventRecords);
    ctx.report(
      figure(
        'aggregator',
        `aggregator.state.${ips}.kb`,
        `window state, ${ips.toLocaleString('en-US')} distinct client IPs`,
        'KB',
        exact(bytes / 1024),
      ),
    );
  }
}
