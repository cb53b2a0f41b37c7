import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCombinedLine, scanCombinedLine } from '@fleetlog/log-schema';
import type { LogFields } from '@fleetlog/log-schema';
import { figure } from '../results';
import { measureRate, summarize } from '../stats';
import type { SuiteContext } from '../suite';
import { generateLines } from './traffic';

const run = promisify(execFile);

/**
 * The baseline: one plain regular expression for the combined format that captures the fields
 * but parses no timestamp (ARCHITECTURE.md section 8 quotes it at about 2.3 million lines/s).
 */
export const PLAIN_COMBINED_REGEX =
  /^(\S+) \S+ \S+ \[([^\]]*)\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?/;

export function scanAll(lines: readonly string[]): number {
  const out: LogFields = { host: '', epochMs: 0, status: null, bytes: null };
  let ok = 0;
  for (let i = 0; i < lines.length; i++) if (scanCombinedLine(lines[i], out) === null) ok++;
  return ok;
}

export function parseAll(lines: readonly string[]): number {
  let ok = 0;
  for (let i = 0; i < lines.length; i++) if (parseCombinedLine(lines[i]).ok) ok++;
  return ok;
}

export function regexAll(lines: readonly string[]): number {
  let ok = 0;
  for (let i = 0; i < lines.length; i++) if (PLAIN_COMBINED_REGEX.exec(lines[i]) !== null) ok++;
  return ok;
}

/** `GoAccess 1.7` when goaccess is on the PATH, undefined when it is not. */
async function goAccessVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('goaccess', ['--version']);
    return /GoAccess - (\d+(?:\.\d+)*)/.exec(stdout)?.[1] ?? 'unknown version';
  } catch {
    return undefined;
  }
}

/** Parser lines/s: our scanner and full parser beside a plain regex and GoAccess, same lines. */
export async function parserSuite(ctx: SuiteContext): Promise<void> {
  const { sizes } = ctx;
  ctx.log(`parser: generating ${sizes.parserLines.toLocaleString('en-US')} lines`);
  const lines = generateLines(sizes.parserLines);
  const n = lines.length;
  const opts = { warmups: sizes.warmups, runs: sizes.runs };

  const scan = await measureRate(opts, () => (scanAll(lines), n));
  ctx.report(
    figure(
      'parser',
      'parser.scan.linesPerSecond',
      'scanCombinedLine (host, time, status, bytes)',
      'lines/s',
      scan,
    ),
  );
  const parse = await measureRate(opts, () => (parseAll(lines), n));
  const ratio = (x: number) => `${(x / scan.median).toFixed(2)}x ours (scan)`;
  ctx.report(
    figure(
      'parser',
      'parser.parse.linesPerSecond',
      'parseCombinedLine (full record)',
      'lines/s',
      parse,
      ratio(parse.median),
    ),
  );
  const regex = await measureRate(opts, () => (regexAll(lines), n));
  ctx.report(
    figure(
      'parser',
      'parser.regex.linesPerSecond',
      'plain regex, no timestamp parsing',
      'lines/s',
      regex,
      ratio(regex.median),
    ),
  );

  const version = await goAccessVersion();
  if (version === undefined) {
    ctx.skip('GoAccess', 'goaccess is not installed (Debian: apt-get install goaccess)');
    return;
  }
  const file = join(ctx.tmpDir, 'parser-bench.log');
  await writeFile(file, `${lines.join('\n')}\n`);
  const output = join(ctx.tmpDir, 'goaccess.json');
  // Batch mode: parse the whole file once, write the JSON report, exit (no terminal UI). The
  // whole process is timed: start-up, parsing, and the report.
  const args = [
    file,
    '--log-format=COMBINED',
    '--no-global-config',
    '--no-progress',
    `--output=${output}`,
  ];
  const rates: number[] = [];
  for (let i = 0; i < sizes.warmups + sizes.runs; i++) {
    const start = process.hrtime.bigint();
    await run('goaccess', args, { maxBuffer: 16 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (i >= sizes.warmups) rates.push(n / seconds);
  }
  const goaccess = summarize(rates);
  ctx.report(
    figure(
      'parser',
      'parser.goaccess.linesPerSecond',
      `GoAccess ${version}, --log-format=COMBINED, JSON report, same file`,
      'lines/s',
      goaccess,
      ratio(goaccess.median),
    ),
  );
}
