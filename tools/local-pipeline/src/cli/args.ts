import { parseArgs } from 'node:util';
import { compileLogFormat } from '@fleetlog/log-schema';

export const USAGE = `Usage:
  npm start [-- --out DIR] [--seed N]
      the demo: a simulated fleet with scale-out/in and an unknown flood, through the real
      handlers on embedded Kinesis and S3
  npm start -- --access-log FILE... [--reference-csv FILE] [--out DIR]
      replay real access logs (combined format) through the same handlers, in-process
Options:
  --out DIR             output directory (default out)
  --access-log FILE...  access logs to replay instead of the simulation, in order: several files
                        (a rotated set), patterns (access.log*), .gz files (recognised by their
                        content), - for standard input
  --reference-csv FILE  Host,ApplicationName,Contact map for the replay (default: none, all UNKNOWN)
  --threshold N         replay: UNKNOWN requests per 5 minutes above which UnknownSourceRequests fires (default 100)
  --application-threshold N
                        replay: requests of one application per 5 minutes above which ApplicationFlood fires (default 10000)
  --log-format F        format of the replayed lines: combined (default), common, vhost_combined,
                        combined_xff, an Apache LogFormat or an nginx log_format string
  --trusted-proxies C   comma-separated CIDR blocks of the balancers/proxies in front of the
                        servers: the client is then taken from X-Forwarded-For
  --seed N              seed of the simulated traffic (default 42)
  --verbose             show the handlers' logs (Powertools, level INFO)
  -h, --help            this help`;

export type Command =
  | { kind: 'demo'; outDir: string; seed: number; verbose: boolean }
  | {
      kind: 'replay';
      outDir: string;
      accessLogs: string[];
      referenceCsv?: string;
      verbose: boolean;
      unknownSourceThreshold?: number;
      applicationThreshold?: number;
      logFormat?: string;
      trustedProxies?: string[];
    }
  | { kind: 'help' };

/** A bad command line: main prints the message and the usage and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Every option of `npm start`, in one table: a new flag is one more entry here. */
export const OPTIONS = {
  out: { type: 'string' },
  'access-log': { type: 'string', multiple: true },
  'reference-csv': { type: 'string' },
  seed: { type: 'string' },
  threshold: { type: 'string' },
  'application-threshold': { type: 'string' },
  'log-format': { type: 'string' },
  'trusted-proxies': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<Parameters<typeof parseArgs>[0]>['options'];

export function parseCommand(argv: readonly string[]): Command {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    // Positionals are more access logs: `--access-log a.log b.log.1 c.log.2.gz`.
    ({ values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: OPTIONS,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help']) return { kind: 'help' };
  const outDir = nonEmpty(values['out'], '--out') ?? 'out';
  const verbose = values['verbose'] === true;
  const flagged = values['access-log'] as string[] | undefined;
  const referenceCsv = nonEmpty(values['reference-csv'], '--reference-csv');
  if (flagged !== undefined) {
    const accessLogs = [...flagged, ...positionals].map(
      (v) => nonEmpty(v, '--access-log') as string,
    );
    if (values['seed'] !== undefined)
      throw new UsageError('--seed applies to the demo only, not to --access-log');
    const unknownSourceThreshold = threshold(values['threshold'], '--threshold');
    const applicationThreshold = threshold(
      values['application-threshold'],
      '--application-threshold',
    );
    return {
      kind: 'replay',
      outDir,
      accessLogs,
      referenceCsv,
      verbose,
      ...(unknownSourceThreshold === undefined ? {} : { unknownSourceThreshold }),
      ...(applicationThreshold === undefined ? {} : { applicationThreshold }),
      ...logFormatOf(values),
    };
  }
  if (values['log-format'] !== undefined || values['trusted-proxies'] !== undefined) {
    throw new UsageError('--log-format and --trusted-proxies need --access-log');
  }
  for (const flag of ['threshold', 'application-threshold']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --access-log`);
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${positionals[0]} (access logs follow --access-log)`);
  if (referenceCsv !== undefined) throw new UsageError('--reference-csv needs --access-log');
  const seedText = values['seed'] as string | undefined;
  const seed = seedText === undefined ? 42 : Number(seedText);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`--seed must be an integer, got ${seedText}`);
  return { kind: 'demo', outDir, seed, verbose };
}

/** A threshold flag: a number >= 0, as the alarms compare "greater than". */
function threshold(
  value: string | boolean | string[] | undefined,
  flag: string,
): number | undefined {
  const text = nonEmpty(value, flag);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} must be a number >= 0, got ${text}`);
  return n;
}

function nonEmpty(
  value: string | boolean | string[] | undefined,
  flag: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`${flag} needs a value`);
  return value;
}

/** `--log-format` / `--trusted-proxies`, compiled once here so a bad one is a usage error (exit 2). */
function logFormatOf(values: Record<string, string | boolean | string[] | undefined>): {
  logFormat?: string;
  trustedProxies?: string[];
} {
  const logFormat = nonEmpty(values['log-format'], '--log-format');
  const proxies = nonEmpty(values['trusted-proxies'], '--trusted-proxies');
  const trustedProxies = proxies
    ?.split(',')
    .map((block) => block.trim())
    .filter((block) => block !== '');
  try {
    compileLogFormat(logFormat, { trustedProxies });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { logFormat, trustedProxies };
}
