// `fleetlog parse` (ARCHITECTURE.md section 7): one JSON object per input line. The input is read
// by the rule the replay uses (`@fleetlog/log-schema` input: gzip by content, LF / CRLF / bare CR
// line ends, empty lines skipped, lines above the Kinesis record size refused), so both treat the
// same input the same way.
import type { Readable, Writable } from 'node:stream';
import { UsageError, writeWithBackpressure } from '../io';
import type { CliCommand } from './command';
import {
  PARSE_SYNOPSIS,
  readParseOptions,
  type ParseFormat,
  type ParseOptions,
} from './parse-options';

export { PARSE_FORMATS } from './parse-options';
export type { ParseFormat } from './parse-options';

/** What @fleetlog/log-schema's parsers return (structurally), so this module does not load them. */
export type LineParseResult = { ok: true; record: unknown } | { ok: false; error: string };
export type LineParser = (line: string) => LineParseResult;

export interface ParseStreamOptions {
  /** Output is written in chunks of about this size; smaller chunks only in tests. */
  chunkBytes?: number;
}

/** What a parse run saw: lines read (empty ones not counted), errors, and the first error. */
export interface ParseSummary {
  lines: number;
  errors: number;
  firstError?: { line: number; error: string };
}

/** One output object; a parser that throws counts as an error for that line. */
function outputLine(lineNumber: number, text: string | null, parse: LineParser, tooLong: string) {
  let result: LineParseResult;
  if (text === null) {
    result = { ok: false, error: tooLong };
  } else {
    try {
      result = parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { ok: false, error: `parser failed: ${message}` };
    }
  }
  const json = result.ok
    ? `{"line":${lineNumber},"ok":true,"record":${JSON.stringify(result.record ?? null)}}\n`
    : `{"line":${lineNumber},"ok":false,"error":${JSON.stringify(result.error)}}\n`;
  return { result, json };
}

/**
 * Parses `input` line by line and writes one JSON object per non-empty line to `output`:
 * `{"line":n,"ok":true,"record":{...}}` or `{"line":n,"ok":false,"error":"..."}`, `n` counting
 * every line of the input. Waits for `output` to drain when its buffer is full, so memory stays
 * flat however big the input. Throws LogInputError (from `@fleetlog/log-schema`) when the input
 * cannot be read or decompressed.
 */
export async function parseStream(
  input: Readable,
  output: Writable,
  parse: LineParser,
  options: ParseStreamOptions = {},
): Promise<ParseSummary> {
  const { LineSplitter, LINE_TOO_LONG, logBytes } = await import('@fleetlog/log-schema');
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const summary: ParseSummary = { lines: 0, errors: 0 };
  const splitter = new LineSplitter();
  let pending = '';
  const onLine = (lineNumber: number, text: string | null): void => {
    const { result, json } = outputLine(lineNumber, text, parse, LINE_TOO_LONG);
    summary.lines++;
    if (!result.ok) {
      summary.errors++;
      summary.firstError ??= { line: lineNumber, error: result.error };
    }
    pending += json;
  };
  const flush = async (): Promise<void> => {
    if (pending.length < chunkBytes) return;
    await writeWithBackpressure(output, pending);
    pending = '';
  };
  for await (const chunk of logBytes(input, { name: 'standard input' })) {
    splitter.push(chunk, onLine);
    await flush();
  }
  splitter.end(onLine);
  if (pending !== '') await writeWithBackpressure(output, pending);
  return summary;
}

export type ParserSet = Record<ParseFormat, LineParser> & {
  /**
   * The raw-line parser of a log format and trusted-proxy list (`--trusted-proxies` as given);
   * throws a one-line Error on a bad format or proxy list.
   */
  rawFor?: (logFormat: string, trustedProxies: string | undefined) => LineParser;
};

/** The parser the options select; a bad format is a usage error (exit 2) with its position. */
function selectParser(parsers: ParserSet, options: ParseOptions): LineParser {
  if (options.logFormat === undefined && options.trustedProxies === undefined) {
    return parsers[options.format];
  }
  if (parsers.rawFor === undefined) {
    throw new UsageError('parse: --log-format is not supported here', `parse ${PARSE_SYNOPSIS}`);
  }
  try {
    return parsers.rawFor(options.logFormat ?? 'combined', options.trustedProxies);
  } catch (error) {
    throw new UsageError(`parse: ${(error as Error).message}`, `parse ${PARSE_SYNOPSIS}`);
  }
}

/** The tally nothingParsedProblem (`@fleetlog/log-schema`) judges: the wording is shared. */
function parseTally(summary: ParseSummary, options: ParseOptions) {
  const first = summary.firstError;
  return {
    lines: summary.lines,
    malformed: summary.errors,
    format:
      options.format === 'agent-json'
        ? 'agent-json'
        : `log format ${options.logFormat ?? 'combined'}`,
    sample: first === undefined ? undefined : `line ${first.line}: ${first.error}`,
    hint: 'is --log-format or --format right?',
  };
}

/** The parse command over the given parsers, or a loader of them (injected, so tests can spy). */
export function createParseCommand(parsers: ParserSet | (() => Promise<ParserSet>)): CliCommand {
  return {
    path: ['parse'],
    synopsis: PARSE_SYNOPSIS,
    summary: 'parse access-log lines from stdin; one JSON object per line on stdout',
    async run(args, io) {
      const options = readParseOptions(args);
      const loaded = typeof parsers === 'function' ? await parsers() : parsers;
      const parser = selectParser(loaded, options);
      const { LogInputError, nothingParsedProblem } = await import('@fleetlog/log-schema');
      let summary: ParseSummary;
      try {
        summary = await parseStream(io.stdin, io.stdout, parser);
      } catch (error) {
        if (!(error instanceof LogInputError)) throw error;
        await writeWithBackpressure(io.stderr, `fleetlog parse: ${error.message}\n`);
        return 1;
      }
      // Bad lines are data, reported per line; a run where none parsed is a wrong format.
      const nothingParsed = nothingParsedProblem(parseTally(summary, options));
      if (nothingParsed !== null) {
        await writeWithBackpressure(io.stderr, `fleetlog parse: ${nothingParsed}\n`);
        return 1;
      }
      return 0;
    },
  };
}
