import { parseArgs } from 'node:util';
import { compileLogFormat } from '@fleetlog/log-schema';

export const USAGE = `Usage:
  npm start [-- --out DIR] [--seed N]
      the demo: a simulated fleet with scale-out/in and an unknown flood, through the real
      handlers on embedded Kinesis and S3
  npm start -- --access-log FILE [--reference-csv FILE] [--out DIR]
      replay a real access log (combined format) through the same pipeline
Options:
  --out DIR             output directory (default out)
  --access-log FILE     access log to replay instead of the simulation
  --reference-csv FILE  Host,ApplicationName,Contact map for the replay (default: none, all UNKNOWN)
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
      accessLog: string;
      referenceCsv?: string;
      verbose: boolean;
      logFormat?: string;
      trustedProxies?: string[];
    }
  | { kind: 'help' };

/** A bad command line: main prints the message and the usage and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCommand(argv: readonly string[]): Command {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        'access-log': { type: 'string' },
        'reference-csv': { type: 'string' },
        'log-format': { type: 'string' },
        'trusted-proxies': { type: 'string' },
        seed: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help']) return { kind: 'help' };
  const outDir = nonEmpty(values['out'], '--out') ?? 'out';
  const verbose = values['verbose'] === true;
  const accessLog = nonEmpty(values['access-log'], '--access-log');
  const referenceCsv = nonEmpty(values['reference-csv'], '--reference-csv');
  if (accessLog !== undefined) {
    if (values['seed'] !== undefined)
      throw new UsageError('--seed applies to the demo only, not to --access-log');
    return { kind: 'replay', outDir, accessLog, referenceCsv, verbose, ...logFormatOf(values) };
  }
  if (values['log-format'] !== undefined || values['trusted-proxies'] !== undefined) {
    throw new UsageError('--log-format and --trusted-proxies need --access-log');
  }
  if (referenceCsv !== undefined) throw new UsageError('--reference-csv needs --access-log');
  const seedText = values['seed'] as string | undefined;
  const seed = seedText === undefined ? 42 : Number(seedText);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`--seed must be an integer, got ${seedText}`);
  return { kind: 'demo', outDir, seed, verbose };
}

function nonEmpty(value: string | boolean | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`${flag} needs a value`);
  return value;
}

/** `--log-format` / `--trusted-proxies`, compiled once here so a bad one is a usage error (exit 2). */
function logFormatOf(values: Record<string, string | boolean | undefined>): {
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
