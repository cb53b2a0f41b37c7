import { parseCommand, UsageError, USAGE, type Command } from './cli/args';
import { InputError } from './cli/input-error';
import { faultReportLines, type FaultReport } from './cloud/fault-report';
import { AbortedError, interruptedExitCode, listenForCtrlC } from './cli/interrupt';
import { replayNothingParsed } from './cli/nothing-parsed';
import { OutputLockedError, RUN_LOCKED_EXIT } from './cli/run-lock';
import {
  abandonOutputs,
  commitOutputs,
  stageOutputs,
  type StagedOutputs,
} from './cli/staged-outputs';
import { printSummary } from './cli/print-summary';
import { createProgress } from './cli/progress';
import { replayAccessLog } from './replay/replay';
import { renderReplayReport } from './replay/replay-report';
import { ARCHIVE_DIR, outputPaths } from './report/run-outputs';

// The local tools run on the workspace's Node (20 here); the AWS SDK's notice that it will need
// Node 22 in 2027 is for deployments, and would only bury this tool's own output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/**
 * `npm start`: exit 0 done, 1 bad input or failure (no line parsed included), 2 bad arguments,
 * 75 another run holds `--out`, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
 */
async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let staged: StagedOutputs;
  try {
    staged = await stageOutputs(command.outDir);
  } catch (error) {
    if (error instanceof OutputLockedError) {
      process.stderr.write(`error: ${error.message}\n`);
      return RUN_LOCKED_EXIT;
    }
    return reportError(error);
  }
  // A second Ctrl-C ends the process at once: the lock goes with it, and the user learns where
  // the run's files are.
  const onExit = (): void => {
    staged.lock.release();
    process.stderr.write(`partial outputs of this run: ${staged.stagingDir}\n`);
  };
  process.once('exit', onExit);

  const abort = new AbortController();
  const stopListening = listenForCtrlC(abort);
  try {
    const failure = await run(command, staged, abort.signal);
    if (failure === undefined) return 0;
    process.stderr.write(`error: ${failure}\n`);
    await abandon(staged);
    return 1;
  } catch (error) {
    const code =
      error instanceof AbortedError ? interruptedExitCode(abort.signal.reason) : reportError(error);
    await abandon(staged);
    return code;
  } finally {
    process.off('exit', onExit);
    stopListening();
  }
}

/**
 * The run itself, writing into the staging directory; its outputs replace the previous ones only
 * when it succeeds. Returns the reason it failed without throwing (no line parsed), if any.
 */
async function run(
  command: Exclude<Command, { kind: 'help' }>,
  staged: StagedOutputs,
  signal: AbortSignal,
): Promise<string | undefined> {
  const progress = createProgress(process.stderr);
  const logLevel = command.verbose ? 'INFO' : 'ERROR';
  const files = outputPaths(staged.finalDir);
  if (command.kind === 'demo') {
    // Loaded only for the demo: the embedded servers cost a replay's start-up nothing.
    const { runDemo } = await import('./demo/demo.js');
    const { defaultScenario } = await import('./demo/scenario.js');
    const summary = await runDemo({
      scenario: defaultScenario(command.seed, Date.now()),
      outDir: staged.stagingDir,
      progress,
      logLevel,
      signal,
      injectFaults: command.injectFaults,
    });
    await commitOutputs(staged);
    printSummary({ ...summary, files }, true, true);
    printFaults(summary.faults);
    process.stdout.write(
      `\n${summary.expected.lines.toLocaleString('en-US')} log lines, ${summary.scaleEvents.length} scale events, ` +
        `${summary.aggregatesEmitted} partial aggregates, ${summary.publishedDataPoints} data points, ` +
        `${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
    );
    return undefined;
  }
  const summary = await replayAccessLog({
    accessLogs: command.accessLogs,
    referenceCsv: command.referenceCsv,
    logFormat: command.logFormat,
    trustedProxies: command.trustedProxies,
    outDir: staged.stagingDir,
    progress,
    logLevel,
    signal,
    unknownSourceThreshold: command.unknownSourceThreshold,
    applicationThreshold: command.applicationThreshold,
    injectFaults: command.injectFaults,
    archive: command.archive,
  });
  const nothingParsed = await replayNothingParsed(summary, command.logFormat);
  if (nothingParsed !== null) return nothingParsed;
  // An archive of an earlier run would not match this one's notifications.
  await commitOutputs(staged, command.archive ? [] : [ARCHIVE_DIR]);
  // No fleet in a replay: the lifecycle alarm has nothing to watch.
  printSummary({ ...summary, files }, false, command.archive);
  printFaults(summary.faults);
  process.stdout.write(`\n${renderReplayReport(summary)}\n`);
  return undefined;
}

/** Under `--inject-faults`: what was injected and whether the totals still equal the log's. */
function printFaults(report: FaultReport | undefined): void {
  if (report !== undefined) process.stdout.write(`\n${faultReportLines(report).join('\n')}\n`);
}

/** A failed run: `--out` keeps the previous outputs; one line says where this run's went. */
async function abandon(staged: StagedOutputs): Promise<void> {
  const kept = await abandonOutputs(staged);
  if (kept !== undefined) {
    process.stderr.write(
      `partial outputs of this run: ${kept} (${staged.finalDir} keeps the previous run's outputs)\n`,
    );
  }
}

function reportError(error: unknown): number {
  if (error instanceof InputError) {
    // One line, whatever the message quotes from the user's files.
    process.stderr.write(`error: ${error.message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
    return 1;
  }
  process.stderr.write(
    `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
