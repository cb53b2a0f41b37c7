import { parseCommand, UsageError, USAGE } from './cli/args';
import { InputError } from './cli/input-error';
import { AbortedError, listenForCtrlC } from './cli/interrupt';
import { printSummary } from './cli/print-summary';
import { createProgress } from './cli/progress';
import { replayAccessLog } from './replay/replay';
import { renderReplayReport } from './replay/replay-report';

// The local tools run on the workspace's Node (20 here); the AWS SDK's notice that it will need
// Node 22 in 2027 is for deployments, and would only bury this tool's own output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** `npm start`: exit 0 done, 1 bad input or failure, 2 bad arguments, 130 interrupted. */
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

  const abort = new AbortController();
  const stopListening = listenForCtrlC(abort);
  const progress = createProgress(process.stderr);
  const logLevel = command.verbose ? 'INFO' : 'ERROR';
  try {
    if (command.kind === 'demo') {
      // Loaded only for the demo: the embedded servers cost a replay's start-up nothing.
      const { runDemo } = await import('./demo/demo.js');
      const { defaultScenario } = await import('./demo/scenario.js');
      const summary = await runDemo({
        scenario: defaultScenario(command.seed, Date.now()),
        outDir: command.outDir,
        progress,
        logLevel,
        signal: abort.signal,
      });
      printSummary(summary, true);
      process.stdout.write(
        `\n${summary.expected.lines.toLocaleString('en-US')} log lines, ${summary.scaleEvents.length} scale events, ` +
          `${summary.aggregatesEmitted} partial aggregates, ${summary.publishedDataPoints} data points, ` +
          `${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
      );
    } else {
      const summary = await replayAccessLog({
        accessLogs: command.accessLogs,
        referenceCsv: command.referenceCsv,
        logFormat: command.logFormat,
        trustedProxies: command.trustedProxies,
        outDir: command.outDir,
        progress,
        logLevel,
        signal: abort.signal,
        unknownSourceThreshold: command.unknownSourceThreshold,
        applicationThreshold: command.applicationThreshold,
      });
      // No fleet in a replay: the lifecycle alarm has nothing to watch.
      printSummary(summary, false);
      process.stdout.write(`\n${renderReplayReport(summary)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof AbortedError) return 130;
    if (error instanceof InputError) {
      // One line, whatever the message quotes from the user's files.
      process.stderr.write(`error: ${error.message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
      return 1;
    }
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    stopListening();
  }
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
