// `fleetlog parse`'s arguments (ARCHITECTURE.md section 7), read without loading the log parsers:
// a bad argument exits 2 before anything heavy is imported.
import { UsageError } from '../io';

export const PARSE_FORMATS = ['raw', 'agent-json'] as const;
/** `--format`: raw log lines (in `--log-format`) or Kinesis Agent LOGTOJSON records. */
export type ParseFormat = (typeof PARSE_FORMATS)[number];

/** The synopsis shown in the usage and in argument errors. */
export const PARSE_SYNOPSIS =
  '[--format raw|agent-json] [--log-format F] [--trusted-proxies CIDRS] < FILE';

/** What the arguments ask for. */
export interface ParseOptions {
  format: ParseFormat;
  logFormat?: string;
  /** `--trusted-proxies` as given (comma-separated); checked when the parsers are loaded. */
  trustedProxies?: string;
}

function usageError(message: string): UsageError {
  return new UsageError(`parse: ${message}`, `parse ${PARSE_SYNOPSIS}`);
}

/** `--name value` or `--name=value`; advances `i` past a separate value. */
function optionValue(args: readonly string[], i: number, name: string): [string, number] | null {
  const arg = args[i];
  if (arg.startsWith(`${name}=`)) return [arg.slice(name.length + 1), i];
  if (arg !== name) return null;
  const value = args[i + 1];
  if (value === undefined) throw usageError(`${name} needs a value`);
  if (value.startsWith('--')) {
    throw usageError(`${name} needs a value, got the option ${value} (write ${name}=VALUE)`);
  }
  return [value, i + 1];
}

/** Reads the arguments after `parse`; throws UsageError (exit 2) naming the bad one. */
export function readParseOptions(args: readonly string[]): ParseOptions {
  let format = 'raw';
  let logFormat: string | undefined;
  let trustedProxies: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const formatArg = optionValue(args, i, '--format');
    const logFormatArg = formatArg ?? optionValue(args, i, '--log-format');
    const proxiesArg = logFormatArg ?? optionValue(args, i, '--trusted-proxies');
    if (formatArg !== null) [format, i] = formatArg;
    else if (logFormatArg !== null) [logFormat, i] = logFormatArg;
    else if (proxiesArg !== null) [trustedProxies, i] = proxiesArg;
    else throw usageError(`unexpected argument ${JSON.stringify(args[i])}`);
  }
  if (!(PARSE_FORMATS as readonly string[]).includes(format)) {
    throw usageError(`unknown format ${JSON.stringify(format)}, use raw or agent-json`);
  }
  if (format !== 'raw' && (logFormat !== undefined || trustedProxies !== undefined)) {
    throw usageError('--log-format and --trusted-proxies apply to --format raw only');
  }
  return { format: format as ParseFormat, logFormat, trustedProxies };
}
