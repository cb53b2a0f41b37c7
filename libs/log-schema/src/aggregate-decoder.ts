// Validating decoder of output-stream records (ARCHITECTURE.md section 4). It returns a fresh object
// with only the contract's fields, so a consumer never sees extra or mistyped properties.
import { AGGREGATE_SCHEMA_VERSION, TOP_HOSTS_LIMIT } from '@fleetlog/pipeline-config';
import type {
  AggregateRecord,
  DecodeResult,
  PartialInfo,
  PipelineAggregate,
  RequestsAggregate,
  TopHost,
} from './aggregate-record';
import { describeValue } from './describe-value';
import { jsonInput } from './json-input';

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const STATUS_KEY = /^\d{3}$/;

/** Thrown inside the decoder only, caught by decodeAggregate and turned into an error value. */
class ShapeError extends Error {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, where: string): Json {
  if (!isObject(value))
    throw new ShapeError(`${where} must be an object, got ${describeValue(value)}`);
  return value;
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(`${where} must be a non-negative integer, got ${describeValue(value)}`);
  }
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ShapeError(`${where} must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function isoTime(value: unknown, where: string): string {
  // The regex fixes the shape; the round trip rejects impossible dates such as 02-31.
  if (
    typeof value !== 'string' ||
    !ISO_UTC_MS.test(value) ||
    new Date(value).toISOString() !== value
  ) {
    throw new ShapeError(
      `${where} must be an ISO-8601 UTC time with milliseconds, got ${describeValue(value)}`,
    );
  }
  return value;
}

function partial(value: unknown): PartialInfo {
  const p = object(value, 'partial');
  return {
    shardId: text(p['shardId'], 'partial.shardId'),
    flushId: text(p['flushId'], 'partial.flushId'),
  };
}

function statusCounts(value: unknown): Record<string, number> {
  const counts = object(value, 'statusCounts');
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts)) {
    if (!STATUS_KEY.test(key)) {
      throw new ShapeError(
        `statusCounts key must be a three-digit status code, got ${describeValue(key)}`,
      );
    }
    out[key] = count(n, `statusCounts["${key}"]`);
  }
  return out;
}

function topHosts(value: unknown): TopHost[] {
  if (!Array.isArray(value))
    throw new ShapeError(`topHosts must be an array, got ${describeValue(value)}`);
  if (value.length > TOP_HOSTS_LIMIT) {
    throw new ShapeError(
      `topHosts must have at most ${TOP_HOSTS_LIMIT} entries, got ${value.length}`,
    );
  }
  return value.map((entry: unknown, i) => {
    const t = object(entry, `topHosts[${i}]`);
    return {
      host: text(t['host'], `topHosts[${i}].host`),
      requestCount: count(t['requestCount'], `topHosts[${i}].requestCount`),
    };
  });
}

function decode(value: unknown): AggregateRecord {
  const r = object(value, 'aggregate record');
  if (r['schemaVersion'] !== AGGREGATE_SCHEMA_VERSION) {
    throw new ShapeError(
      `schemaVersion must be ${AGGREGATE_SCHEMA_VERSION}, got ${describeValue(r['schemaVersion'])}`,
    );
  }
  const kind = r['kind'];
  if (kind !== 'requests' && kind !== 'pipeline') {
    throw new ShapeError(`kind must be "requests" or "pipeline", got ${describeValue(kind)}`);
  }
  const windowStart = isoTime(r['windowStart'], 'windowStart');
  const windowEnd = isoTime(r['windowEnd'], 'windowEnd');
  if (Date.parse(windowEnd) <= Date.parse(windowStart)) {
    throw new ShapeError(`windowEnd must be after windowStart, got ${windowStart} to ${windowEnd}`);
  }
  if (kind === 'pipeline') {
    const pipeline: PipelineAggregate = {
      schemaVersion: 1,
      kind,
      windowStart,
      windowEnd,
      records: count(r['records'], 'records'),
      malformedLines: count(r['malformedLines'], 'malformedLines'),
      partial: partial(r['partial']),
    };
    return pipeline;
  }
  const contact = r['contact'];
  if (contact !== null && typeof contact !== 'string') {
    throw new ShapeError(`contact must be a string or null, got ${describeValue(contact)}`);
  }
  const requests: RequestsAggregate = {
    schemaVersion: 1,
    kind,
    windowStart,
    windowEnd,
    applicationName: text(r['applicationName'], 'applicationName'),
    contact,
    requestCount: count(r['requestCount'], 'requestCount'),
    bytes: count(r['bytes'], 'bytes'),
    statusCounts: statusCounts(r['statusCounts']),
    topHosts: topHosts(r['topHosts']),
    partial: partial(r['partial']),
  };
  return requests;
}

/**
 * Validates an output-stream record (JSON text or a parsed value). Never throws on data: the
 * error names the wrong field, e.g. `requestCount must be a non-negative integer, got "5"`.
 */
export function decodeAggregate(input: string | unknown): DecodeResult {
  const json = jsonInput(input);
  if (!json.ok) return json;
  try {
    return { ok: true, value: decode(json.value) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: e.message };
    throw e;
  }
}
