import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UsageError, writeWithBackpressure } from '../io';
import type { CliCommand } from './command';

/** What @fleetlog/log-schema's parsers return (structurally), so this module does not load them. */
export type LineParseResult = { ok: true; record: unknown } | { ok: false; error: string };
export type LineParser = (line: string) => LineParseResult;

export const PARSE_FORMATS = ['raw', 'agent-json'] as const;
export type ParseFormat = (typeof PARSE_FORMATS)[number];

const SYNOPSIS = '[--format raw|agent-json] < FILE';

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

function readFormat(args: readonly string[]): ParseFormat {
  let format = 'raw';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format') {
      const value = args[++i];
      if (value === undefined)
        throw new UsageError('--format needs a value: raw or agent-json', `parse ${SYNOPSIS}`);
      format = value;
    } else if (arg.startsWith('--format=')) {
      format = arg.slice('--format='.length);
    } else {
      throw new UsageError(
        `parse: unexpected argument ${JSON.stringify(arg)}`,
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
  return format as ParseFormat;
}

export type ParserSet = Record<ParseFormat, LineParser>;

/** The parse command over the given parsers, or a loader of them (injected, so tests can spy). */
export function createParseCommand(parsers: ParserSet | (() => Promise<ParserSet>)): CliCommand {
  return {
    path: ['parse'],
    synopsis: SYNOPSIS,
    summary: 'parse access-log lines from stdin; one JSON object per line on stdout',
    async run(args, io) {
      const format = readFormat(args);
      const loaded = typeof parsers === 'function' ? await parsers() : parsers;
      await parseStream(io.stdin, io.stdout, loaded[format]);
      // Bad lines are data, reported per line; the command itself succeeded.
      return 0;
    },
  };
}
