import type { Clock, VerifyClients, VerifyOptions, VerifyReport } from '@fleetlog/verify';
import { writeWithBackpressure } from '../io';
import type { CliCommand } from './command';
import { readVerifyArgs, VERIFY_SYNOPSIS } from './verify-args';

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

/**
 * The region the SDK resolved without --region (the profile's), for the messages; undefined when
 * there is none (the first call then fails with "no region given").
 */
async function sdkRegion(clients: VerifyClients): Promise<string | undefined> {
  try {
    return await clients.cloudFormation.config.region();
  } catch {
    return undefined;
  }
}

function exitCode(report: VerifyReport): number {
  if (report.ok) return 0;
  return report.interrupted ? EXIT_INTERRUPTED : 1;
}

/** `fleetlog verify`: checks a deployed stack end to end (ARCHITECTURE.md section 6d). */
export function createVerifyCommand(deps: VerifyCommandDeps = {}): CliCommand {
  return {
    path: ['verify'],
    synopsis: VERIFY_SYNOPSIS,
    summary: 'check a deployed stack end to end: test line, metric, notification, map, queues',
    async run(args, io) {
      const parsed = readVerifyArgs(args, deps.env ?? process.env);
      // Loaded on use: the other commands never load the AWS SDK clients.
      const verify = await import('@fleetlog/verify');
      const clients = (deps.createClients ?? verify.createVerifyClients)(parsed.region);
      const controller = new AbortController();
      const stopListening = (deps.onInterrupt ?? onSigint)(() =>
        controller.abort(new verify.InterruptedError()),
      );
      const options: VerifyOptions = {
        stackName: parsed.stackName,
        region: parsed.region ?? (await sdkRegion(clients)) ?? 'no region',
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
