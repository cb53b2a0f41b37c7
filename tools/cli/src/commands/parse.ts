import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UsageError, writeWithBackpressure } from '../io';
import type { CliCommand } from './command';

/** What @fleetlog/log-schema's parsers return (structurally), so this module does not load them. */
export type LineParseResult = { ok: true; record: unknown } | { ok: false; error: string };
export type LineParser = (line: string) => LineParseResult;

export const PARSE_FORMATS = ['raw', 'agent-json'] as const;
export type ParseFormat = (typeof PARSE_FORMATS)[number];

const SYNOPSIS = '[--format raw|agent-json] [--log-format F] [--trusted-proxies CIDRS] < FILE';

export interface ParseStreamOptions {
  /** Output is written in chunks of about this size; smaller chunks only in tests. */
  chunkBytes?: number;
}

/**
 * Parses `input` line by line (LF or CRLF) and writes one JSON object per line to `output`:
 * `{"line":n,"ok":true,"record":{...}}` or `{"line":n,"ok":false,"error":"..."}`. Waits for
 * `output` to drain when its buffer is full, so memory stays flat however big the input.
 * A parser that throws counts as an error for that line; the stream goes on.
 */
export async function parseStream(
  input: Readable,
  output: Writable,
  parse: LineParser,
  options: ParseStreamOptions = {},
): Promise<{ lines: number; errors: number }> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let errors = 0;
  let pending = '';
  for await (const line of lines) {
    lineNumber++;
    let result: LineParseResult;
    try {
      result = parse(line);
    } catch (error) {
      result = {
        ok: false,
        error: `parser failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (result.ok) {
      pending += `{"line":${lineNumber},"ok":true,"record":${JSON.stringify(result.record ?? null)}}\n`;
    } else {
      errors++;
      pending += `{"line":${lineNumber},"ok":false,"error":${JSON.stringify(result.error)}}\n`;
    }
    if (pending.length >= chunkBytes) {
      await writeWithBackpressure(output, pending);
      pending = '';
    }
  }
  if (pending !== '') await writeWithBackpressure(output, pending);
  return { lines: lineNumber, errors };
}

interface ParseOptions {
  format: ParseFormat;
  logFormat?: string;
  trustedProxies?: string[];
}

/** `--name value` or `--name=value`; advances `i` past a separate value. */
function optionValue(args: readonly string[], i: number, name: string): [string, number] | null {
  const arg = args[i];
  if (arg.startsWith(`${name}=`)) return [arg.slice(name.length + 1), i];
  if (arg !== name) return null;
  const value = args[i + 1];
  if (value === undefined) throw new UsageError(`${name} needs a value`, `parse ${SYNOPSIS}`);
  return [value, i + 1];
}

function readOptions(args: readonly string[]): ParseOptions {
  let format = 'raw';
  let logFormat: string | undefined;
  let trustedProxies: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const formatArg = optionValue(args, i, '--format');
    const logFormatArg = formatArg ?? optionValue(args, i, '--log-format');
    const proxiesArg = logFormatArg ?? optionValue(args, i, '--trusted-proxies');
    if (formatArg !== null) [format, i] = formatArg;
    else if (logFormatArg !== null) [logFormat, i] = logFormatArg;
    else if (proxiesArg !== null) {
      let list: string;
      [list, i] = proxiesArg;
      trustedProxies = list
        .split(',')
        .map((block) => block.trim())
        .filter((block) => block !== '');
    } else {
      throw new UsageError(
        `parse: unexpected argument ${JSON.stringify(args[i])}`,
        `parse ${SYNOPSIS}`,
      );
    }
  }
  if (!(PARSE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `parse: unknown format ${JSON.stringify(format)}, use raw or agent-json`,
      `parse ${SYNOPSIS}`,
    );
  }
  if (format !== 'raw' && (logFormat !== undefined || trustedProxies !== undefined)) {
    throw new UsageError(
      'parse: --log-format and --trusted-proxies apply to --format raw only',
      `parse ${SYNOPSIS}`,
    );
  }
  return { format: format as ParseFormat, logFormat, trustedProxies };
}

export type ParserSet = Record<ParseFormat, LineParser> & {
  /** The raw-line parser of a log format; throws a one-line Error on a bad format or proxy list. */
  rawFor?: (logFormat: string, trustedProxies: readonly string[]) => LineParser;
};

/** The parser the options select; a bad format is a usage error (exit 2) with its position. */
function selectParser(parsers: ParserSet, options: ParseOptions): LineParser {
  if (options.logFormat === undefined && options.trustedProxies === undefined) {
    return parsers[options.format];
  }
  if (parsers.rawFor === undefined) {
    throw new UsageError('parse: --log-format is not supported here', `parse ${SYNOPSIS}`);
  }
  try {
    return parsers.rawFor(options.logFormat ?? 'combined', options.trustedProxies ?? []);
  } catch (error) {
    throw new UsageError(`parse: ${(error as Error).message}`, `parse ${SYNOPSIS}`);
  }
}

/** The parse command over the given parsers, or a loader of them (injected, so tests can spy). */
export function createParseCommand(parsers: ParserSet | (() => Promise<ParserSet>)): CliCommand {
  return {
    path: ['parse'],
    synopsis: SYNOPSIS,
    summary: 'parse access-log lines from stdin; one JSON object per line on stdout',
    async run(args, io) {
      const options = readOptions(args);
      const loaded = typeof parsers === 'function' ? await parsers() : parsers;
      await parseStream(io.stdin, io.stdout, selectParser(loaded, options));
      // Bad lines are data, reported per line; the command itself succeeded.
      return 0;
    },
  };
}
