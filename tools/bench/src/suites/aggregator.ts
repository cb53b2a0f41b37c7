import { fork } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PIPELINE_FUNCTIONS } from '@fleetlog/pipeline-config';
import { exact, figure } from '../results';
import type { SuiteContext } from '../suite';
import {
  AGGREGATOR_FORMATS,
  benchReferenceCsv,
  runAggregatorBench,
  windowStateBytes,
  writeEventFiles,
} from './aggregator-run';
import type {
  AggregatorFormat,
  AggregatorRunOptions,
  AggregatorRunResult,
  EventFilesRunOptions,
  EventFilesRunResult,
} from './aggregator-run';

type ChildMessage = { ok: true; result: EventFilesRunResult } | { ok: false; error: string };

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The child entry bundled and minified by esbuild, as infra bundles the Lambda: the measuring
 * process then runs on plain Node, without tsx's loader and its second V8 isolate.
 */
export async function bundleChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'aggregator-child.cjs');
  await build({
    entryPoints: [join(__dirname, 'aggregator-child.ts')],
    outfile,
    bundle: true,
    minify: true,
    // The fake clients (@fleetlog/testing) count calls by command class name, so keep the names.
    keepNames: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    tsconfig: join(REPO_ROOT, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs one format's event files in a fresh plain-Node process and returns its result. */
function inChild(bundle: string, options: EventFilesRunOptions): Promise<EventFilesRunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(bundle, [JSON.stringify(options)], {
      execArgv: [],
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

/** In a child (event files, bundled handler) when isolating; in this process otherwise. */
async function runFormat(
  ctx: SuiteContext,
  bundle: string | undefined,
  csv: string,
  options: AggregatorRunOptions,
  deliveryOnly = false,
): Promise<AggregatorRunResult & { baselineRssMb?: number }> {
  if (bundle === undefined) return runAggregatorBench(options);
  const dir = join(ctx.tmpDir, `aggregator-${options.format}`);
  await mkdir(dir, { recursive: true });
  try {
    const files = await writeEventFiles(options, dir);
    return await inChild(bundle, {
      files,
      referenceCsv: csv,
      warmups: options.warmups,
      runs: options.runs,
      deliveryOnly,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const LABELS = {
  raw: 'raw lines',
  'agent-json': 'agent JSON (LOGTOJSON)',
  'raw-gzip': 'raw lines, gzip per record',
} as const;

/** The aggregator's event source batch size, as deployed. */
export const DEPLOYED_AGGREGATOR_BATCH_SIZE = PIPELINE_FUNCTIONS.aggregator.batchSize;

function rssNote(result: { baselineRssMb?: number }): string {
  return result.baselineRssMb === undefined
    ? 'shared process'
    : `own process (esbuild bundle, plain Node; ${result.baselineRssMb.toFixed(0)} MB before the first event)`;
}

/**
 * Handler records/s and peak RSS per input format at the budget's event size, raw lines again at
 * the deployed batch size, and window state size by client count.
 */
export async function aggregatorSuite(ctx: SuiteContext): Promise<void> {
  const { sizes } = ctx;
  const bundle = ctx.isolate ? await bundleChild(ctx.tmpDir) : undefined;
  const csv = benchReferenceCsv();
  const runs: { id: string; format: AggregatorFormat; eventRecords: number }[] =
    AGGREGATOR_FORMATS.map((format) => ({ id: format, format, eventRecords: sizes.eventRecords }));
  if (sizes.eventRecords !== DEPLOYED_AGGREGATOR_BATCH_SIZE) {
    runs.push({
      id: `raw.batch${DEPLOYED_AGGREGATOR_BATCH_SIZE}`,
      format: 'raw',
      eventRecords: DEPLOYED_AGGREGATOR_BATCH_SIZE,
    });
  }
  for (const { id, format, eventRecords } of runs) {
    // The same records per run whatever the event size.
    const eventsPerRun = Math.max(
      1,
      Math.round((sizes.eventsPerRun * sizes.eventRecords) / eventRecords),
    );
    ctx.log(`aggregator: ${format}, ${eventsPerRun} x ${eventRecords}-record events per run`);
    const options: AggregatorRunOptions = {
      format,
      eventRecords,
      eventsPerRun,
      warmups: sizes.warmups,
      runs: sizes.runs,
    };
    const result = await runFormat(ctx, bundle, csv, options);
    const events = `${eventRecords.toLocaleString('en-US')}-record events`;
    const deployed =
      eventRecords === DEPLOYED_AGGREGATOR_BATCH_SIZE ? ' (deployed batch size)' : '';
    ctx.report(
      figure(
        'aggregator',
        `aggregator.${id}.recordsPerSecond`,
        `handler, ${LABELS[format]}, ${events}${deployed}`,
        'records/s',
        result.recordsPerSecond,
      ),
    );
    ctx.report(
      figure(
        'aggregator',
        `aggregator.${id}.peakRssMb`,
        `peak RSS, ${LABELS[format]}, ${events}`,
        'MB',
        exact(result.peakRssMb),
        rssNote(result),
      ),
    );
  }
  if (bundle !== undefined) {
    // The Lambda runtime parses every invoke payload too: the peak of that alone, for comparison.
    const options: AggregatorRunOptions = {
      format: 'raw',
      eventRecords: sizes.eventRecords,
      eventsPerRun: sizes.eventsPerRun,
      warmups: sizes.warmups,
      runs: sizes.runs,
    };
    const floor = await runFormat(ctx, bundle, csv, options, true);
    ctx.report(
      figure(
        'aggregator',
        'aggregator.delivery.peakRssMb',
        `peak RSS, event delivery alone (read + JSON.parse, no handler), ${sizes.eventRecords.toLocaleString('en-US')}-record events`,
        'MB',
        exact(floor.peakRssMb),
        rssNote(floor),
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
