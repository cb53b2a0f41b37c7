import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ReplayOptions, ReplaySummary } from '@fleetlog/local-pipeline';
import { DEFAULT_HOSTS } from '@fleetlog/loggen';
import { figure } from '../results';
import { summarize } from '../stats';
import type { SuiteContext } from '../suite';
import { benchTraffic, referenceCsvFor, SEED } from './traffic';

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
    const summary = await run({ accessLog, referenceCsv: csv, outDir, logLevel: 'SILENT' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await rm(outDir, { recursive: true, force: true });
    return { summary, seconds };
  };

  for (let i = 0; i < sizes.warmups; i++) {
    ctx.log(`e2e: warm-up replay ${i + 1}`);
    await replayOnce(warmFile, -1 - i);
  }
  const rates: number[] = [];
  let last: ReplaySummary | undefined;
  for (let i = 0; i < sizes.e2eRuns; i++) {
    ctx.log(`e2e: replay ${i + 1} of ${sizes.e2eRuns}`);
    const { summary, seconds } = await replayOnce(file, i);
    if (summary.lines !== lines) {
      throw new Error(`replay read ${summary.lines} lines of ${lines}`);
    }
    rates.push(summary.lines / seconds);
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
      `npm start -- --access-log, ${lines.toLocaleString('en-US')}-line file (replayAccessLog)`,
      'lines/s',
      summarize(rates),
      note,
    ),
  );
}
