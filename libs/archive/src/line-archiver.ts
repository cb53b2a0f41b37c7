// Lines to archive records: the same log-format compiler, agent-record reader, time rules and
// host lookup as the aggregator (libs/log-aggregator's line counter), but keeping every field.
import { gunzipSync } from 'node:zlib';
import {
  DEFAULT_LOG_FORMAT,
  bomLength,
  compileLogFormat,
  forEachLine,
  lineTimeProblem,
  parseAgentRecord,
  type CompiledLogFormat,
  type ParseResult,
} from '@fleetlog/log-schema';
import type { HostLookup } from '@fleetlog/reference-data';
import { archivedMalformed, archivedRequest, type ArchiveRecord } from './archive-record';

/** Decompressed payloads above this are archived as malformed (a gzip bomb must not take the container down). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export interface LineArchiverOptions {
  /**
   * Format of raw lines, as the aggregator's `logFormat` (ARCHITECTURE.md section 3). A bad one
   * throws here, with its position.
   * @default 'combined'
   */
  logFormat?: string;
  /**
   * Trusted proxy ranges, as the aggregator's `trustedProxies`.
   * @default none: the client is `%h`
   */
  trustedProxies?: readonly string[];
  /**
   * Clock, epoch ms: the future-timestamp limit (a line too far ahead is malformed, as in the
   * aggregator).
   * @default Date.now
   */
  now?: () => number;
}

/** Turns lines and shipper payloads into archive records. */
export interface LineArchiver {
  /** The archive record of one line (without its line ending). */
  line(line: string, lookup: HostLookup, receivedMs: number): ArchiveRecord;
  /**
   * The archive records of one shipper record's data (raw lines or LOGTOJSON objects, one per line,
   * plain or gzip by content), in order; LF, CRLF and a bare CR end a line and empty lines are skipped,
   * as in the aggregator. Data
   * that cannot be decoded is one malformed record holding the data as base64.
   */
  payload(data: Buffer, lookup: HostLookup, receivedMs: number): ArchiveRecord[];
}

function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** Creates a line archiver; compiles the log format first (a bad one throws). */
export function createLineArchiver(options: LineArchiverOptions = {}): LineArchiver {
  const format: CompiledLogFormat = compileLogFormat(options.logFormat ?? DEFAULT_LOG_FORMAT, {
    trustedProxies: options.trustedProxies,
  });
  const now = options.now ?? Date.now;

  function line(text: string, lookup: HostLookup, receivedMs: number): ArchiveRecord {
    const body = text.slice(bomLength(text, 0));
    const parsed: ParseResult =
      body.charCodeAt(0) === 123 /* '{' */ ? parseAgentRecord(body) : format.parse(body);
    if (!parsed.ok) return archivedMalformed(text, parsed.error, receivedMs);
    const epochMs = Date.parse(parsed.record.time);
    const problem = lineTimeProblem(epochMs, now());
    if (problem !== null) return archivedMalformed(text, problem, receivedMs);
    return archivedRequest(parsed.record, epochMs, lookup.get(parsed.record.host));
  }

  function payload(data: Buffer, lookup: HostLookup, receivedMs: number): ArchiveRecord[] {
    let text: string;
    try {
      text = (
        isGzip(data) ? gunzipSync(data, { maxOutputLength: MAX_DECOMPRESSED_BYTES }) : data
      ).toString('utf8');
    } catch (error) {
      const reason = `undecodable gzip payload: ${(error as Error).message}`;
      return [archivedMalformed(data.toString('base64'), reason, receivedMs)];
    }
    const records: ArchiveRecord[] = [];
    // LF, CRLF and a bare CR each end a line, as the aggregator's reader has it.
    forEachLine(text, (t, start, end) => {
      records.push(line(t.slice(start, end), lookup, receivedMs));
    });
    return records;
  }

  return { line, payload };
}
