import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { BENCH_USAGE, parseBenchArgs } from './args';
import { writeResults } from './results';
import { runBench } from './runner';
import { runSuitesInProcesses, SUITE_CHILD_ENV } from './suite-processes';
import { formatTable } from './table';

// The local tools run on the workspace's Node (20 here); the AWS SDK's notice that it will need
// Node 22 in 2027 is for deployments, and would only bury this tool's own output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  // Several suites: one fresh process each (suite-processes.ts says why).
  const results =
    options.only.size > 1 && process.env[SUITE_CHILD_ENV] === undefined
      ? await runSuitesInProcesses({ ...options, log })
      : await runBench({ ...options, log });
  const m = results.machine;
  process.stdout.write(
    `\nfleetlog bench ${results.date} — ${m.cpuModel}, ${m.cores} cores, ` +
      `${(m.memoryBytes / 1024 ** 3).toFixed(1)} GB, Node ${m.node}${results.quick ? ' (quick)' : ''}\n\n`,
  );
  process.stdout.write(formatTable(results));
  const out = resolve(options.out);
  await writeResults(out, results);
  process.stdout.write(`\nresults: ${out}\n`);
  // Budgets are reported, not enforced: a missed budget still exits 0.
  return 0;
}

/**
 * tsx resolves the @fleetlog/* aliases from a tsconfig.json in the working directory, and the
 * repository has only tsconfig.base.json: run once more with tsx pointed at it (the child
 * processes of the aggregator bench inherit the setting).
 */
function reexecWithAliases(): number | undefined {
  if (process.env['TSX_TSCONFIG_PATH'] !== undefined) return undefined;
  const tsconfig = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
    },
  );
  return child.status ?? 1;
}

const reexecCode = reexecWithAliases();
if (reexecCode !== undefined) process.exitCode = reexecCode;
else
  main()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    });
