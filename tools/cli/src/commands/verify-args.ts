// `fleetlog verify`'s arguments (ARCHITECTURE.md section 7), read before the AWS SDK is loaded:
// a bad argument exits 2 at once.
import { UsageError } from '../io';

export const VERIFY_SYNOPSIS = '--stack NAME [--region R] [--skip-alarm] [--timeout SECONDS]';

/** What the arguments ask for. */
export interface VerifyArgs {
  stackName: string;
  /** `--region`, else AWS_REGION, else AWS_DEFAULT_REGION; undefined: the SDK's own. */
  region: string | undefined;
  skipAlarm: boolean;
  /** Seconds each waiting check may take; undefined: the library's default. */
  timeoutSeconds: number | undefined;
}

/** Options that take a value. */
const VALUED = ['--stack', '--region', '--timeout'] as const;
type Valued = (typeof VALUED)[number];

function usageError(message: string): UsageError {
  return new UsageError(`verify: ${message}`, `verify ${VERIFY_SYNOPSIS}`);
}

/** `--name=value` → [name, value]; `--name` → [name, undefined]. */
function split(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/** Reads the arguments after `verify`; throws UsageError (exit 2) naming the bad one. */
export function readVerifyArgs(args: readonly string[], env: NodeJS.ProcessEnv): VerifyArgs {
  const given = new Map<Valued, string>();
  let skipAlarm = false;
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = split(args[i]);
    if (name === '--skip-alarm' && inline === undefined) {
      skipAlarm = true;
    } else if ((VALUED as readonly string[]).includes(name)) {
      const value = inline ?? args[++i];
      // `--stack --region x` is a missing value, not a stack named "--region".
      if (!value || (inline === undefined && value.startsWith('--'))) {
        throw usageError(`${name} needs a value`);
      }
      given.set(name as Valued, value);
    } else {
      throw usageError(`unexpected argument ${JSON.stringify(args[i])}`);
    }
  }
  const stackName = given.get('--stack');
  if (stackName === undefined) throw usageError('--stack NAME is required');
  const timeout = given.get('--timeout');
  const timeoutSeconds = timeout === undefined ? undefined : Number(timeout);
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
    throw usageError(
      `--timeout must be a whole number of seconds above 0, got ${JSON.stringify(timeout)}`,
    );
  }
  return {
    stackName,
    region: given.get('--region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined,
    skipAlarm,
    timeoutSeconds,
  };
}
