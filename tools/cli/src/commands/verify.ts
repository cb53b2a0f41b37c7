import type { Clock, VerifyClients, VerifyOptions, VerifyReport } from '@fleetlog/verify';
import { UsageError, writeWithBackpressure } from '../io';
import type { CliCommand } from './command';

const SYNOPSIS = '--stack NAME [--region R] [--skip-alarm] [--timeout SECONDS]';
const USAGE = `verify ${SYNOPSIS}`;
/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** What the command needs from outside; injected in specs. */
export interface VerifyCommandDeps {
  /**
   * The environment (AWS_REGION, AWS_DEFAULT_REGION).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Makes the AWS clients for a region (undefined: the SDK's own resolution).
   * @default createVerifyClients of @fleetlog/verify
   */
  readonly createClients?: (region: string | undefined) => VerifyClients;
  /**
   * Time and sleeps.
   * @default systemClock of @fleetlog/verify
   */
  readonly clock?: Clock;
  /**
   * Calls `abort` on Ctrl-C; returns the function that stops listening.
   * @default a SIGINT handler (a second Ctrl-C exits at once)
   */
  readonly onInterrupt?: (abort: () => void) => () => void;
}

interface Parsed {
  stackName: string;
  region: string | undefined;
  skipAlarm: boolean;
  timeoutSeconds: number | undefined;
}

function readArgs(args: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  const values = new Map<string, string>();
  let skipAlarm = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--skip-alarm') {
      skipAlarm = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--stack', '--region', '--timeout'].includes(name)) {
      throw new UsageError(`verify: unexpected argument ${JSON.stringify(arg)}`, USAGE);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`, USAGE);
    values.set(name, value);
  }
  const stackName = values.get('--stack');
  if (stackName === undefined) throw new UsageError('verify: --stack NAME is required', USAGE);
  const timeout = values.get('--timeout');
  const timeoutSeconds = timeout === undefined ? undefined : Number(timeout);
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
    throw new UsageError(
      `verify: --timeout must be a whole number of seconds above 0, got ${JSON.stringify(timeout)}`,
      USAGE,
    );
  }
  return {
    stackName,
    region: values.get('--region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined,
    skipAlarm,
    timeoutSeconds,
  };
}

/** Ctrl-C aborts the run (which then cleans up); a second Ctrl-C exits at once. */
function onSigint(abort: () => void): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      process.stderr.write('fleetlog verify: interrupted, removing what it created...\n');
      abort();
    } else {
      process.stderr.write(
        'fleetlog verify: stopped during cleanup; a queue fleetlog-verify-* and its subscription may remain\n',
      );
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

function exitCode(report: VerifyReport): number {
  if (report.ok) return 0;
  return report.interrupted ? EXIT_INTERRUPTED : 1;
}

/** `fleetlog verify`: checks a deployed stack end to end (ARCHITECTURE.md section 6d). */
export function createVerifyCommand(deps: VerifyCommandDeps = {}): CliCommand {
  return {
    path: ['verify'],
    synopsis: SYNOPSIS,
    summary: 'check a deployed stack end to end: test line, metric, notification, map, queues',
    async run(args, io) {
      const parsed = readArgs(args, deps.env ?? process.env);
      // Loaded on use: the other commands never load the AWS SDK clients.
      const verify = await import('@fleetlog/verify');
      const clients = (deps.createClients ?? verify.createVerifyClients)(parsed.region);
      const controller = new AbortController();
      const stopListening = (deps.onInterrupt ?? onSigint)(() =>
        controller.abort(new verify.InterruptedError()),
      );
      const options: VerifyOptions = {
        stackName: parsed.stackName,
        region: parsed.region ?? 'the default region',
        skipAlarm: parsed.skipAlarm,
        timeoutSeconds: parsed.timeoutSeconds,
        signal: controller.signal,
      };
      let report: VerifyReport;
      try {
        report = await verify.runVerify(options, {
          clients,
          clock: deps.clock,
          print: (line) => io.stdout.write(`${line}\n`),
        });
      } finally {
        stopListening();
        // Clients from an injected factory belong to the caller (a spec's local endpoints).
        if (!deps.createClients) verify.destroyVerifyClients(clients);
      }
      const last = verify.finalLine(report);
      await writeWithBackpressure(report.ok ? io.stdout : io.stderr, `${last}\n`);
      return exitCode(report);
    },
  };
}
