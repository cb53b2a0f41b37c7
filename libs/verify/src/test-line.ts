import { formatCombinedLine } from '@fleetlog/log-schema';
import { bucketStartMs } from '@fleetlog/pipeline-config';

/** The marked line verify puts on the input stream (ARCHITECTURE.md section 6d). */
export interface TestLine {
  /** The combined-format line. */
  readonly line: string;
  /** Its client: an address of 192.0.2.0/24 (TEST-NET-1, RFC 5737), never a real caller. */
  readonly host: string;
  /** The path and user agent carry it: `fleetlog-verify/<runId>`. */
  readonly marker: string;
  /** Its timestamp, epoch ms. */
  readonly timeMs: number;
  /** Start of its one-minute bucket, epoch ms (the aggregate's windowStart). */
  readonly minuteStartMs: number;
}

/** RFC 5737 documentation range: no fleet logs it, so the test line stands out. */
const TEST_NET_1 = '192.0.2.';

/** 1..254 from the run id, so two runs at once usually differ. */
function hostNumber(runId: string): number {
  let h = 0;
  for (let i = 0; i < runId.length; i++) h = (h * 31 + runId.charCodeAt(i)) >>> 0;
  return 1 + (h % 254);
}

/** The test line of run `runId`, timestamped `nowMs`. */
export function testLine(runId: string, nowMs: number): TestLine {
  const marker = `fleetlog-verify/${runId}`;
  const host = `${TEST_NET_1}${hostNumber(runId)}`;
  const line = formatCombinedLine({
    host,
    ident: null,
    authUser: null,
    time: new Date(nowMs).toISOString(),
    request: `GET /${marker} HTTP/1.1`,
    method: 'GET',
    path: `/${marker}`,
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 0,
    referer: null,
    userAgent: marker,
  });
  return { line, host, marker, timeMs: nowMs, minuteStartMs: bucketStartMs(nowMs) };
}
