import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileLogFormat, trustedProxyList } from '@fleetlog/log-schema';

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
                        content), - for standard input (once); a file named twice, matched by
                        two patterns or reached through a link is read once
  --reference-csv FILE  Host,ApplicationName,Contact map for the replay (default: none, all UNKNOWN)
  --threshold N         replay: UNKNOWN requests per 5 minutes above which UnknownSourceRequests fires (default 100)
  --application-threshold N
                        replay: requests of one application per 5 minutes above which ApplicationFlood fires (default 10000)
  --log-format F        format of the replayed lines: combined (default), common, vhost_combined,
                        combined_xff, an Apache LogFormat or an nginx log_format string
  --trusted-proxies C   comma-separated CIDR blocks of the balancers/proxies in front of the
                        servers: the client is then taken from X-Forwarded-For
  --seed N              seed of the simulated traffic (default 42)
  --inject-faults SEED  fail the handlers at seeded random points; the summary checks the totals
  --archive             replay: also write every line to DIR/archive/ for fleetlog query (slower;
                        the demo always writes it)
  --verbose             show the handlers' logs (Powertools, level INFO)
  -h, --help            this help
Relative paths are resolved from the directory npm start was run in (INIT_CWD).`;

export type Command =
  | { kind: 'demo'; outDir: string; seed: number; verbose: boolean; injectFaults?: number }
  | {
      kind: 'replay';
      /** `--inject-faults SEED` (tools/local-pipeline/README.md, "Fault injection"). */
      injectFaults?: number;
      outDir: string;
      accessLogs: string[];
      referenceCsv?: string;
      verbose: boolean;
      unknownSourceThreshold?: number;
      applicationThreshold?: number;
      logFormat?: string;
      trustedProxies?: string[];
      /** `--archive`: every line into `<out>/archive/` (the demo always writes it). */
      archive: boolean;
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
  'inject-faults': { type: 'string' },
  threshold: { type: 'string' },
  'application-threshold': { type: 'string' },
  'log-format': { type: 'string' },
  'trusted-proxies': { type: 'string' },
  verbose: { type: 'boolean' },
  archive: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Where relative paths are resolved from (ARCHITECTURE.md section 7). */
export interface UserDirectory {
  /** The environment: npm sets `INIT_CWD` to the directory the user ran `npm start` in. */
  env: Record<string, string | undefined>;
  /** The process's directory (the repository's root under `npm start`). */
  cwd: string;
}

/** What a flag's value should look like, for the one-line message when it is missing. */
const VALUE_HINTS: Record<string, string> = {
  'access-log': 'a file, a pattern or - for standard input',
  threshold: 'a decimal integer >= 0',
  'application-threshold': 'a decimal integer >= 0',
  'inject-faults': 'a decimal integer seed >= 0',
};

/**
 * Refuses, with one line naming the flag, a value flag followed by nothing or by another option
 * (`--access-log --out x`, `--threshold -1`), before node's parseArgs words it as "argument is
 * ambiguous". A value that starts with `-` can still be given as `--flag=VALUE`.
 */
function checkValues(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return;
    if (!arg.startsWith('--') || arg.includes('=')) continue;
    const name = arg.slice(2);
    const option = (OPTIONS as Record<string, { type: string }>)[name];
    if (option?.type !== 'string') continue;
    const next = argv[i + 1];
    const hint = VALUE_HINTS[name] === undefined ? '' : ` (${VALUE_HINTS[name]})`;
    if (next === undefined) throw new UsageError(`${arg} needs a value${hint}`);
    if (next.length > 1 && next.startsWith('-')) {
      if (/^-[0-9]/.test(next) && VALUE_HINTS[name]?.startsWith('a decimal')) {
        throw new UsageError(`${arg} must be ${VALUE_HINTS[name]}, got ${next}`);
      }
      throw new UsageError(
        `${arg} needs a value${hint}, got the option ${next}; write ${arg}=VALUE for a value starting with -`,
      );
    }
  }
}

/**
 * A path the user gave, as this process must open it: relative paths are the user's, resolved
 * from `INIT_CWD` when npm ran us from another directory; `-` (standard input) stays.
 */
function userPath(path: string, where: UserDirectory): string {
  const base = where.env['INIT_CWD'];
  if (path === '-' || isAbsolute(path) || base === undefined || base === '') return path;
  return resolve(base) === resolve(where.cwd) ? path : resolve(base, path);
}

/** Reads `npm start`'s arguments; throws UsageError (exit 2) with one line naming the problem. */
export function parseCommand(
  argv: readonly string[],
  where: UserDirectory = { env: process.env, cwd: process.cwd() },
): Command {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  checkValues(argv);
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
  const out = nonEmpty(values['out'], '--out');
  const outDir = out === undefined ? 'out' : userPath(out, where);
  const verbose = values['verbose'] === true;
  const faultSeed = decimal(values['inject-faults'], '--inject-faults', 'a decimal integer seed');
  const injectFaults = faultSeed === undefined ? {} : { injectFaults: faultSeed };
  const flagged = values['access-log'] as string[] | undefined;
  const csv = nonEmpty(values['reference-csv'], '--reference-csv');
  const referenceCsv = csv === undefined ? undefined : userPath(csv, where);
  if (flagged !== undefined) {
    const accessLogs = [...flagged, ...positionals].map((v) =>
      userPath(nonEmpty(v, '--access-log') as string, where),
    );
    if (accessLogs.filter((name) => name === '-').length > 1)
      throw new UsageError('--access-log: standard input (-) can be given only once');
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
      archive: values['archive'] === true,
      ...injectFaults,
      ...(unknownSourceThreshold === undefined ? {} : { unknownSourceThreshold }),
      ...(applicationThreshold === undefined ? {} : { applicationThreshold }),
      ...logFormatOf(values),
    };
  }
  if (values['log-format'] !== undefined || values['trusted-proxies'] !== undefined) {
    throw new UsageError('--log-format and --trusted-proxies need --access-log');
  }
  if (values['archive'] !== undefined)
    throw new UsageError('--archive needs --access-log (the demo always writes its archive)');
  for (const flag of ['threshold', 'application-threshold']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --access-log`);
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${positionals[0]} (access logs follow --access-log)`);
  if (referenceCsv !== undefined) throw new UsageError('--reference-csv needs --access-log');
  const seedText = values['seed'] as string | undefined;
  const seed = seedText === undefined ? 42 : Number(seedText);
  if (seedText !== undefined && (!/^-?[0-9]+$/.test(seedText) || !Number.isSafeInteger(seed)))
    throw new UsageError(`--seed must be a decimal integer, got ${seedText}`);
  return { kind: 'demo', outDir, seed, verbose, ...injectFaults };
}

/**
 * A threshold flag: a count of requests, written as a decimal integer >= 0 (`0x10`, `1e3`, `2.5`
 * and `-1` are refused rather than read as something the user did not write).
 */
function threshold(
  value: string | boolean | string[] | undefined,
  flag: string,
): number | undefined {
  return decimal(value, flag, 'a decimal integer');
}

/** A decimal integer >= 0 (`what` names it in the message), or undefined when not given. */
function decimal(
  value: string | boolean | string[] | undefined,
  flag: string,
  what: string,
): number | undefined {
  const text = nonEmpty(value, flag);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be ${what} >= 0, got ${text}`);
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
  let trustedProxies: string[] | undefined;
  try {
    trustedProxies = proxies === undefined ? undefined : trustedProxyList(proxies);
    compileLogFormat(logFormat, { trustedProxies });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { logFormat, trustedProxies };
}
