import { parseCommand, UsageError, USAGE } from './cli/args';
import { createProgress } from './cli/progress';
import { AbortedError, InputError, replayAccessLog } from './replay/replay';
import { renderReplayReport } from './report/replay-report';
import { renderWhoToCall } from './cloud/local-notifications';
import { renderAlarmLines, renderRequestsTable } from './report/run-summary';
import type { OutputPaths } from './report/run-outputs';

// The local tools run on the workspace's Node (20 here); the AWS SDK's notice that it will need
// Node 22 in 2027 is for deployments, and would only bury this tool's own output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** A SIGINT this soon after the first is the same Ctrl-C relayed by a wrapper (npm, tsx), not a second one. */
const SIGINT_ECHO_MS = 1_500;

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
  let interruptedAt = 0;
  const onSigint = (): void => {
    if (abort.signal.aborted) {
      // A wrapper (npm, or the tsx CLI) may relay the terminal's Ctrl-C once more when we are slow:
      // that echo is the same Ctrl-C. A second one from the user does not wait for the servers.
      if (Date.now() - interruptedAt < SIGINT_ECHO_MS) return;
      process.exit(130);
    }
    interruptedAt = Date.now();
    process.stderr.write('\ninterrupted: stopping the embedded servers…\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
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
      print(summary.totals, summary.alarms, summary.files);
      printWhoToCall(summary);
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
      const alarms = summary.alarms.filter((a) => a.id !== 'LifecycleSyncFailures');
      print(summary.totals, alarms, summary.files);
      printWhoToCall(summary);
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
    process.off('SIGINT', onSigint);
  }
}

function print(
  totals: Parameters<typeof renderRequestsTable>[0],
  alarms: Parameters<typeof renderAlarmLines>[0],
  files: OutputPaths,
): void {
  process.stdout.write(
    `\nRequests per application and 5-minute bucket\n\n${renderRequestsTable(totals)}\n`,
  );
  if (totals.malformedLines > 0)
    process.stdout.write(`\nmalformed lines: ${totals.malformedLines}\n`);
  process.stdout.write(`\nAlarms\n${renderAlarmLines(alarms)}\n`);
  if (totals.unknownTopHosts.length > 0) {
    const top = totals.unknownTopHosts.slice(0, 5).map((h) => `${h.host} (${h.requestCount})`);
    process.stdout.write(`\nHeaviest unknown sources: ${top.join(', ')}\n`);
  }
  process.stdout.write(
    `\nOutput files\n  ${files.aggregates}\n  ${files.metrics}\n  ${files.alarms}\n  ${files.notifications}\n  ${files.map}\n  ${files.dashboard}\n`,
  );
}

/** ApplicationFlood's (window, application) pairs, then who to call for each alarm. */
function printWhoToCall(summary: {
  applicationFlood: {
    threshold: number;
    breaches: { windowStart: string; applicationName: string; value: number }[];
  };
  notifications: Parameters<typeof renderWhoToCall>[0];
  files: OutputPaths;
}): void {
  const { threshold, breaches } = summary.applicationFlood;
  const pairs = breaches.map(
    (b) => `    ${b.windowStart.slice(0, 16).replace('T', ' ')}  ${b.applicationName}  ${b.value}`,
  );
  process.stdout.write(
    `\nApplicationFlood (> ${threshold} requests per application per 5 minutes):` +
      `${breaches.length === 0 ? ' never' : `\n${pairs.join('\n')}`}\n`,
  );
  process.stdout.write(
    `\nWho to call\n${renderWhoToCall(summary.notifications)}\n`,
  );
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
