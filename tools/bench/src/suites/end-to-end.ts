import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { once } from 'node:events';
import type { ReplayOptions, ReplaySummary } from '@fleetlog/local-pipeline';
import { DEFAULT_HOSTS } from '@fleetlog/loggen';
import { figure } from '../results';
import { summarize } from '../stats';
import type { SuiteContext } from '../suite';
import { faultReplays } from './e2e-faults';
import { runProcess, type ProcessRun } from './process-run';
import { benchTraffic, referenceCsvFor, SEED } from './traffic';

const ROOT = resolve(__dirname, '../../../..');

export type Replay = (options: ReplayOptions) => Promise<ReplaySummary>;

/** Writes `count` generated combined lines to `path`, streaming, so memory stays flat. */
export async function writeAccessLog(path: string, count: number, seed = SEED): Promise<number> {
  const out = createWriteStream(path);
  let lines = 0;
  let chunk: string[] = [];
  const flushChunk = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const g of benchTraffic(count, seed)) {
    chunk.push(g.line);
    lines++;
    if (chunk.length >= 10_000) await flushChunk();
  }
  await flushChunk();
  out.end();
  await once(out, 'finish');
  return lines;
}

/** loggen's default callers, nine in ten mapped to ten applications (the rest count as UNKNOWN). */
export function referenceCsv(): string {
  return referenceCsvFor(DEFAULT_HOSTS.map(({ host }) => host));
}

async function loadReplay(): Promise<Replay> {
  return (await import('@fleetlog/local-pipeline')).replayAccessLog;
}

/**
 * End-to-end lines/s of `npm start -- --access-log FILE`: the replay it runs (embedded Kinesis
 * and S3, the real aggregator and publisher, every output file written), in this process, on a
 * generated file. Each replay takes a while, so there are fewer runs than elsewhere; the warm-up
 * is a replay of a tenth of the file.
 */
export async function endToEndSuite(ctx: SuiteContext, replay?: Replay): Promise<void> {
  const { sizes } = ctx;
  const run = replay ?? (await loadReplay());
  const file = join(ctx.tmpDir, 'e2e-access.log');
  const warmFile = join(ctx.tmpDir, 'e2e-warmup.log');
  const csv = join(ctx.tmpDir, 'e2e-reference.csv');
  ctx.log(`e2e: generating ${sizes.e2eLines.toLocaleString('en-US')} lines`);
  const lines = await writeAccessLog(file, sizes.e2eLines);
  await writeAccessLog(warmFile, Math.max(1, Math.floor(sizes.e2eLines / 10)), SEED + 1);
  await writeFile(csv, referenceCsv());

  const replayOnce = async (accessLog: string, i: number) => {
    const outDir = join(ctx.tmpDir, `e2e-out-${i}`);
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const summary = await run({
      accessLogs: [accessLog],
      referenceCsv: csv,
      outDir,
      logLevel: 'SILENT',
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    await rm(outDir, { recursive: true, force: true });
    return { summary, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };

  for (let i = 0; i < sizes.warmups; i++) {
    ctx.log(`e2e: warm-up replay ${i + 1}`);
    await replayOnce(warmFile, -1 - i);
  }
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let last: ReplaySummary | undefined;
  for (let i = 0; i < sizes.e2eRuns; i++) {
    ctx.log(`e2e: replay ${i + 1} of ${sizes.e2eRuns}`);
    const { summary, seconds, cpuSeconds } = await replayOnce(file, i);
    if (summary.lines !== lines) {
      throw new Error(`replay read ${summary.lines} lines of ${lines}`);
    }
    rates.push(summary.lines / seconds);
    cpuRates.push(summary.lines / cpuSeconds);
    last = summary;
  }
  const note =
    `${sizes.e2eRuns} runs (heavy)` +
    (last === undefined
      ? ''
      : `; ${last.kinesisRecords.toLocaleString('en-US')} Kinesis records, ` +
        `${last.aggregatesEmitted.toLocaleString('en-US')} aggregates`);
  ctx.report(
    figure(
      'e2e',
      'e2e.replay.linesPerSecond',
      `npm start -- --access-log, ${lines.toLocaleString('en-US')}-line file (replayAccessLog, in-process)`,
      'lines/s',
      summarize(rates),
      note,
    ),
  );
  ctx.report(
    figure(
      'e2e',
      'e2e.replay.linesPerCpuSecond',
      `same, per CPU second of this process (user + system; what a busy shared machine does not inflate)`,
      'lines/s',
      summarize(cpuRates),
    ),
  );
  // Faults and the whole processes only with the real replay (the unit test passes a stand-in).
  if (replay === undefined) {
    await faultReplays(ctx, run, file, csv, lines);
    await wholeProcesses(ctx, file, csv, lines);
  }
}

/**
 * What a user waits for: `npm start -- --access-log FILE` as a whole process (node, tsx, module
 * loading, every output file), beside GoAccess on the same file, both timed from spawn to exit
 * with their peak RSS.
 */
async function wholeProcesses(
  ctx: SuiteContext,
  file: string,
  csv: string,
  lines: number,
): Promise<void> {
  const { sizes } = ctx;
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.base.json') };
  const ours: ProcessRun[] = [];
  for (let i = 0; i <= sizes.e2eRuns; i++) {
    ctx.log(`e2e: npm start -- --access-log, whole process ${i} of ${sizes.e2eRuns}`);
    const outDir = join(ctx.tmpDir, `e2e-process-${i}`);
    // What `npm start` runs (the root package.json script), without npm's own start-up.
    const args = ['tools/local-pipeline/bin/start.cjs'];
    const run = await runProcess(
      process.execPath,
      [...args, '--access-log', file, '--reference-csv', csv, '--out', outDir],
      { cwd: ROOT, env },
    );
    await rm(outDir, { recursive: true, force: true });
    if (run.code !== 0) throw new Error(`npm start exited with ${run.code}: ${run.stderr.trim()}`);
    if (i > 0) ours.push(run); // the first run may bundle (bin/start.cjs caches the bundle)
  }
  const ourSeconds = summarize(ours.map((r) => r.seconds));
  const n = lines.toLocaleString('en-US');
  ctx.report(
    figure(
      'e2e',
      'e2e.process.seconds',
      `npm start -- --access-log, ${n} lines, whole process`,
      's',
      ourSeconds,
    ),
  );
  ctx.report(
    figure(
      'e2e',
      'e2e.process.cpuSeconds',
      `npm start -- --access-log, ${n} lines, whole process, CPU (user + system)`,
      's',
      summarize(ours.map((r) => r.cpuSeconds)),
    ),
  );
  ctx.report(
    figure(
      'e2e',
      'e2e.process.peakRssMb',
      `peak RSS of npm start -- --access-log, ${n} lines`,
      'MB',
      summarize(ours.map((r) => r.peakRssMb)),
    ),
  );

  const version = await goAccessVersion();
  if (version === undefined) {
    ctx.skip(
      'GoAccess beside the replay',
      'goaccess is not on the PATH (apt-get install -y goaccess)',
    );
    return;
  }
  const theirs: ProcessRun[] = [];
  for (let i = 0; i < sizes.e2eRuns; i++) {
    ctx.log(`e2e: GoAccess ${version}, whole process ${i + 1} of ${sizes.e2eRuns}`);
    const report = join(ctx.tmpDir, `goaccess-${i}.json`);
    const run = await runProcess('goaccess', [
      file,
      '--log-format=COMBINED',
      '--no-global-config',
      '--no-progress',
      '-o',
      report,
    ]);
    await rm(report, { force: true });
    if (run.code !== 0) throw new Error(`goaccess exited with ${run.code}: ${run.stderr.trim()}`);
    theirs.push(run);
  }
  const goSeconds = summarize(theirs.map((r) => r.seconds));
  ctx.report(
    figure(
      'e2e',
      'e2e.goaccess.seconds',
      `GoAccess ${version}, same file, whole process (JSON report)`,
      's',
      goSeconds,
      `peak RSS ${summarize(theirs.map((r) => r.peakRssMb)).median.toFixed(0)} MB; ` +
        `CPU ${summarize(theirs.map((r) => r.cpuSeconds)).median.toFixed(2)} s`,
    ),
  );
  ctx.report(
    figure(
      'e2e',
      'e2e.process.speedupVsGoAccess',
      'npm start -- --access-log vs GoAccess, whole process, same file',
      'x',
      summarize(theirs.map((t, i) => t.seconds / (ours[i] ?? ours[0]).seconds)),
      `median ${goSeconds.median.toFixed(2)} s / ${ourSeconds.median.toFixed(2)} s`,
    ),
  );
  ctx.report(
    figure(
      'e2e',
      'e2e.process.cpuSpeedupVsGoAccess',
      'same ratio in CPU seconds (user + system) of each whole process',
      'x',
      summarize(theirs.map((t, i) => t.cpuSeconds / (ours[i] ?? ours[0]).cpuSeconds)),
    ),
  );
}

async function goAccessVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('goaccess', ['--version']);
    return /GoAccess - (\d+(?:\.\d+)*)/.exec(stdout)?.[1] ?? 'unknown version';
  } catch {
    return undefined;
  }
}
