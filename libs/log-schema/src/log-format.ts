// One `logFormat` setting (ARCHITECTURE.md section 3), compiled once into a scanner: presets run on
// the hand-tuned combined scanner; Apache `LogFormat` and nginx `log_format` strings on the plan
// scanner. With trusted proxies and an X-Forwarded-For field, `host` is the resolved client.
import type { AccessLogRecord, LogFields, ParseResult } from './access-log-record';
import { recordFromSpans } from './combined-line';
import {
  bomLength,
  closingQuote as closingQuoteImport,
  scanLine as scanLineImport,
  spans as spansImport,
} from './combined-scanner';
import { PlanScanner, SLOT } from './format-scanner';
import { LogFormatError, parseFormatString, type FormatPlan } from './format-syntax';
import { ForwardedForResolver, TrustedProxies } from './forwarded-for';
import { CHAR } from './char-codes';
import { clientHost as clientHostImport } from './client-host';

/** The presets as Apache `LogFormat` strings (the Debian/Ubuntu definitions, plus `combined_xff`). */
export const LOG_FORMAT_PRESETS = {
  combined: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"',
  common: '%h %l %u %t "%r" %>s %b',
  vhost_combined: '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  combined_xff: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{X-Forwarded-For}i"',
} as const;

export type LogFormatPreset = keyof typeof LOG_FORMAT_PRESETS;

/** The format used when none is configured. */
export const DEFAULT_LOG_FORMAT: LogFormatPreset = 'combined';

/** nginx's predefined `combined` reads the same lines as the preset, so it gets its scanner. */
const NGINX_COMBINED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

export interface LogFormatOptions {
  /**
   * CIDR blocks (or addresses) of the proxies in front of the web servers, e.g. the VPC range of
   * an Application Load Balancer. When set, the format must have an X-Forwarded-For field.
   * @default none: the client is `%h` / `$remote_addr`
   */
  trustedProxies?: readonly string[];
}

/** A compiled log format. */
export interface CompiledLogFormat {
  /** The preset name, or `apache` / `nginx` for a format string. */
  readonly name: string;
  /** The format string the lines follow. */
  readonly format: string;
  /** Whether the lines carry an X-Forwarded-For field (`trustedProxies` needs one). */
  readonly hasForwardedFor: boolean;
  /**
   * HOT PATH: scans `line` into `out` (client host, epochMs, status, bytes). Null if valid, else
   * the error with its 1-based column; `out` is unspecified after an error.
   */
  scan(line: string, out: LogFields): string | null;
  /** The full record (ARCHITECTURE.md section 3); never throws on data. */
  parse(line: string): ParseResult;
}

const { SPACE, QUOTE } = CHAR;

// Module-level copies of the hot imports: CommonJS builds (tsx, ts-jest) read an imported
// binding through a getter on every use, which costs the scan loop more than the scan itself.
const spans = spansImport;
const clientHost = clientHostImport;

/**
 * The scanned line's fields with `host` as the client (an IPv4-mapped address as its IPv4
 * address, ARCHITECTURE.md section 5): what every compiled `scan` returns.
 */
function fillFields(out: LogFields, host: string): null {
  out.host = clientHost(host);
  out.epochMs = spans.epochMs;
  out.status = spans.status;
  out.bytes = spans.bytes;
  return null;
}
const scanLine = scanLineImport;
const closingQuote = closingQuoteImport;

/** The X-Forwarded-For span of the last combined_xff scan. */
let xffStart = 0;
let xffEnd = 0;

/** After scanLine: the quoted X-Forwarded-For that follows the user agent in combined_xff. */
function scanForwardedFor(line: string): string | null {
  if (spans.agentStart < 0) return `expected quoted referer at column ${spans.end + 1}`;
  const p = spans.agentEnd + 1;
  if (p >= spans.end) return `expected quoted X-Forwarded-For at column ${spans.end + 1}`;
  if (line.charCodeAt(p) !== SPACE || line.charCodeAt(p + 1) !== QUOTE) {
    return `expected quoted X-Forwarded-For at column ${p + 2}`;
  }
  xffStart = p + 2;
  xffEnd = closingQuote(line, xffStart, spans.end);
  if (xffEnd < 0) return `unterminated quoted field at column ${p + 2}`;
  return null;
}

/** The first token of a vhost_combined line is `%v:%p`; the combined line starts after it. */
function vhostEnd(line: string): number {
  const from = bomLength(line, 0);
  const space = line.indexOf(' ', from);
  return space > from ? space + 1 : -1;
}

function presetFormat(
  name: LogFormatPreset,
  format: string,
  trusted: TrustedProxies | null,
): CompiledLogFormat {
  const base = { name, format, hasForwardedFor: name === 'combined_xff' };
  if (name === 'vhost_combined') {
    const scanVhost = (line: string): string | null => {
      const from = vhostEnd(line);
      if (from < 0) return line.trim() === '' ? 'empty line' : 'expected virtual host at column 1';
      return scanLine(line, from);
    };
    return {
      ...base,
      scan(line, out) {
        const error = scanVhost(line);
        if (error !== null) return error;
        return fillFields(out, line.slice(spans.hostStart, spans.hostEnd));
      },
      parse(line) {
        const error = scanVhost(line);
        return error === null ? { ok: true, record: recordFromSpans(line) } : { ok: false, error };
      },
    };
  }
  if (name === 'combined_xff') {
    const scanXff = (line: string): string | null => scanLine(line) ?? scanForwardedFor(line);
    const resolver = trusted === null ? null : new ForwardedForResolver(trusted);
    const client = (line: string): string =>
      resolver === null
        ? line.slice(spans.hostStart, spans.hostEnd)
        : resolver.clientAt(line, spans.hostStart, spans.hostEnd, xffStart, xffEnd);
    return {
      ...base,
      scan(line, out) {
        const error = scanXff(line);
        if (error !== null) return error;
        return fillFields(out, client(line));
      },
      parse(line) {
        const error = scanXff(line);
        if (error !== null) return { ok: false, error };
        const record: AccessLogRecord = recordFromSpans(line);
        record.host = clientHost(client(line));
        return { ok: true, record };
      },
    };
  }
  // combined and common share the scanner: the referer and user agent are optional in it.
  return {
    ...base,
    scan(line, out) {
      const error = scanLine(line);
      if (error !== null) return error;
      return fillFields(out, line.slice(spans.hostStart, spans.hostEnd));
    },
    parse(line) {
      const error = scanLine(line);
      return error === null ? { ok: true, record: recordFromSpans(line) } : { ok: false, error };
    },
  };
}

function planFormat(
  plan: FormatPlan,
  format: string,
  trusted: TrustedProxies | null,
): CompiledLogFormat {
  const scanner = new PlanScanner(plan);
  const hasForwardedFor = plan.fields.some((f) => f.kind === 'forwardedFor');
  const resolver = trusted !== null && hasForwardedFor ? new ForwardedForResolver(trusted) : null;
  const client = (line: string): string =>
    resolver !== null
      ? resolver.clientAt(
          line,
          scanner.starts[SLOT.host],
          scanner.ends[SLOT.host],
          scanner.starts[SLOT.forwardedFor],
          scanner.ends[SLOT.forwardedFor],
        )
      : line.slice(scanner.starts[SLOT.host], scanner.ends[SLOT.host]);
  return {
    name: plan.dialect,
    format,
    hasForwardedFor,
    scan(line, out) {
      const error = scanner.scan(line);
      if (error !== null) return error;
      out.host = clientHost(client(line));
      out.epochMs = scanner.epochMs;
      out.status = scanner.starts[SLOT.status] < 0 ? null : scanner.status;
      out.bytes = scanner.starts[SLOT.bytes] < 0 ? null : scanner.bytes;
      return null;
    },
    parse(line) {
      if (typeof line !== 'string') return { ok: false, error: 'line must be a string' };
      const error = scanner.scan(line);
      return error === null
        ? { ok: true, record: scanner.record(line, clientHost(client(line))) }
        : { ok: false, error };
    },
  };
}

/** Plans compared by meaning: the same literals and field kinds read the same lines. */
function signature(plan: FormatPlan): string {
  return JSON.stringify([plan.literals, plan.fields.map((f) => f.kind)]);
}

const PRESET_BY_SIGNATURE = new Map<string, LogFormatPreset>(
  (Object.keys(LOG_FORMAT_PRESETS) as LogFormatPreset[]).map((name) => [
    signature(parseFormatString(LOG_FORMAT_PRESETS[name])),
    name,
  ]),
);

function isPreset(name: string): name is LogFormatPreset {
  return Object.prototype.hasOwnProperty.call(LOG_FORMAT_PRESETS, name);
}

/**
 * Compiles a `logFormat` setting: a preset name (`combined`, `common`, `vhost_combined`,
 * `combined_xff`), an Apache `LogFormat` string or an nginx `log_format` string. Throws
 * LogFormatError (message with the column of the problem) on a bad format, and an Error on a bad
 * trusted proxy or trusted proxies without an X-Forwarded-For field to resolve.
 */
export function compileLogFormat(
  logFormat: string = DEFAULT_LOG_FORMAT,
  options: LogFormatOptions = {},
): CompiledLogFormat {
  const blocks = options.trustedProxies ?? [];
  const trusted = blocks.length > 0 ? new TrustedProxies(blocks) : null;
  const spec = logFormat.trim();
  if (spec === '') throw new LogFormatError('log format is empty', 1);
  let compiled: CompiledLogFormat;
  if (isPreset(spec)) {
    compiled = presetFormat(spec, LOG_FORMAT_PRESETS[spec], trusted);
  } else if (/^[a-z_]+$/.test(spec)) {
    throw new LogFormatError(
      `log format ${JSON.stringify(spec)} is not a preset (${Object.keys(LOG_FORMAT_PRESETS).join(', ')}) at column 1`,
      1,
    );
  } else {
    const plan = parseFormatString(logFormat);
    const preset = spec === NGINX_COMBINED ? 'combined' : PRESET_BY_SIGNATURE.get(signature(plan));
    compiled =
      preset === undefined
        ? planFormat(plan, logFormat, trusted)
        : presetFormat(preset, logFormat, trusted);
  }
  if (trusted !== null && !compiled.hasForwardedFor) {
    throw new Error(
      `trusted proxies need a log format with an X-Forwarded-For field (combined_xff, %{X-Forwarded-For}i or $http_x_forwarded_for); ${JSON.stringify(spec)} has none`,
    );
  }
  return compiled;
}

export { LogFormatError };
