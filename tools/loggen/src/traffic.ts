import { formatCombinedLine, type AccessLogRecord } from '@fleetlog/log-schema';
import { DEFAULT_HOSTS } from './default-hosts';
import { malformedLine } from './malformed';
import { seededRandom, weightedPicker } from './random';

export interface WeightedHost {
  host: string;
  /** Relative share of the requests (any positive number). */
  weight: number;
}

export interface TrafficOptions {
  seed: number;
  count: number;
  /** Event time of the first line, ms. */
  startMs: number;
  /** Event times stay below this, ms. */
  endMs: number;
  /** Callers and their shares; default: a realistic mix of IPv4, IPv6 and public hosts. */
  hosts?: readonly WeightedHost[];
  /** Share of lines that arrive late: stamped 1 to 15 minutes before their neighbours. */
  lateFraction?: number;
  /** Share of lines the parser must reject (cut off, impossible date, not a log line). */
  malformedFraction?: number;
  /** Share of valid lines with escaped quotes inside the request or the user agent. */
  escapedQuoteFraction?: number;
}

/** One generated line and the truth about it, to check what the pipeline counted. */
export interface GeneratedLine {
  line: string;
  host: string;
  /** Event time written into the line (whole seconds). */
  epochMs: number;
  status: number | null;
  bytes: number | null;
  malformed: boolean;
  late: boolean;
  /** The record the line parses to; null for a malformed line. */
  record: AccessLogRecord | null;
}

const PATHS = [
  '/',
  '/api/orders',
  '/api/items/42',
  '/search?q=boots&page=2',
  '/static/app.js',
  '/health',
];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'python-requests/2.32.3',
  'Apache-HttpClient/4.5.14 (Java/17.0.15)',
  'curl/8.5.0',
  null,
];
/** Status codes in their rough share of real traffic. */
const STATUSES = [
  { status: 200, weight: 80 },
  { status: 304, weight: 5 },
  { status: 301, weight: 2 },
  { status: 404, weight: 6 },
  { status: 403, weight: 1 },
  { status: 500, weight: 2 },
  { status: 503, weight: 1 },
  { status: 400, weight: 1 },
  { status: 408, weight: 0.5 },
];
const MINUTE = 60_000;

/**
 * Seeded, ordered access-log traffic in combined format with the shapes real servers write
 * (IPv6 hosts, `-` values, empty referers, escaped quotes, `"-"` requests with 408, TLS junk
 * requests), late lines and malformed lines. The same options always give the same lines.
 */
export function* generateTraffic(options: TrafficOptions): Generator<GeneratedLine> {
  const { seed, count, startMs, endMs } = options;
  if (!(endMs > startMs)) throw new RangeError('endMs must be after startMs');
  const random = seededRandom(seed);
  const pickHost = weightedPicker(options.hosts ?? DEFAULT_HOSTS, random);
  const pickStatus = weightedPicker(STATUSES, random);
  const late = options.lateFraction ?? 0;
  const malformed = options.malformedFraction ?? 0;
  const escaped = options.escapedQuoteFraction ?? 0;
  const firstSecond = Math.ceil(startMs / 1000) * 1000;
  const span = endMs - firstSecond;

  for (let i = 0; i < count; i++) {
    // Ascending event time across the run, in whole seconds as servers write them.
    const onTime = Math.floor((firstSecond + (span * i) / count) / 1000) * 1000;
    const isLate = random() < late;
    const epochMs = isLate
      ? Math.max(firstSecond, onTime - Math.ceil(random() * 15) * MINUTE)
      : onTime;
    const host = pickHost().host;
    if (random() < malformed) {
      const line = malformedLine(Math.floor(random() * 1000), host, epochMs);
      yield {
        line,
        host,
        epochMs,
        status: null,
        bytes: null,
        malformed: true,
        late: isLate,
        record: null,
      };
      continue;
    }
    const record = requestRecord(random, host, epochMs, pickStatus().status, random() < escaped);
    yield {
      line: formatCombinedLine(record),
      host,
      epochMs,
      status: record.status,
      bytes: record.bytes,
      malformed: false,
      late: isLate,
      record,
    };
  }
}

function requestRecord(
  random: () => number,
  host: string,
  epochMs: number,
  status: number,
  withQuotes: boolean,
): AccessLogRecord {
  const time = new Date(epochMs).toISOString();
  const userAgent = withQuotes
    ? 'Mozilla/5.0 "compatible; Monitor/2.1; +\\"https://example.com\\""'
    : AGENTS[Math.floor(random() * AGENTS.length)];
  const base = { host, ident: null, time, referer: null, userAgent };
  if (status === 408) {
    // A client that opened a connection and sent nothing: no request, no bytes.
    return {
      ...base,
      authUser: null,
      request: null,
      method: null,
      path: null,
      protocol: null,
      status,
      bytes: null,
    };
  }
  if (status === 400 && random() < 0.5) {
    // TLS bytes sent to port 80 appear as a junk request line.
    const request = '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03';
    return {
      ...base,
      authUser: null,
      request,
      method: null,
      path: null,
      protocol: null,
      status,
      bytes: 226,
    };
  }
  const path = withQuotes ? '/search?q="blue suede"' : PATHS[Math.floor(random() * PATHS.length)];
  const method = random() < 0.8 ? 'GET' : 'POST';
  return {
    ...base,
    authUser: random() < 0.05 ? 'deploy@example.com' : null,
    request: `${method} ${path} HTTP/1.1`,
    method,
    path,
    protocol: 'HTTP/1.1',
    status,
    bytes: status === 304 ? null : 200 + Math.floor(random() * 20_000),
    referer: random() < 0.3 ? 'https://shop.example.com/' : random() < 0.1 ? '' : null,
  };
}

/** The Kinesis Agent's LOGTOJSON object for a generated line: strings, null for `-`. */
export function toAgentJson(g: GeneratedLine): Record<string, string | null> {
  const r = g.record;
  if (r === null) {
    // What a lenient shipper sends for a line it could not read: an impossible datetime.
    return {
      host: g.host,
      ident: null,
      authuser: null,
      datetime: '31/Feb/2015:10:00:00 +0000',
      request: null,
      response: null,
      bytes: null,
      referer: null,
      agent: null,
    };
  }
  return {
    host: r.host,
    ident: r.ident,
    authuser: r.authUser,
    datetime: g.line.slice(g.line.indexOf('[') + 1, g.line.indexOf(']')),
    request: r.request,
    response: r.status === null ? null : String(r.status),
    bytes: r.bytes === null ? null : String(r.bytes),
    referer: r.referer,
    agent: r.userAgent,
  };
}
