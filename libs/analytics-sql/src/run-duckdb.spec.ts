import { runDuckDbAggregation } from './index';
import type { SqlAggregateRow, SqlLogRow } from './index';
import type { HostRow } from '@fleetlog/reference-data';

const at = (hh: number, mm: number, ss = 0, ms = 0) => Date.UTC(2015, 4, 17, hh, mm, ss, ms);
const log = (
  host: string,
  epochMs: number,
  status: number | null,
  bytes: number | null,
): SqlLogRow => ({
  host,
  epochMs,
  status,
  bytes,
});

const reference: HostRow[] = [
  { host: '10.0.1.7', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '10.0.1.8', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '2001:db8::7', applicationName: 'search', contact: null },
  { host: '10.0.2.1', applicationName: 'billing', contact: 'billing@example.com' },
];

const logs: SqlLogRow[] = [
  log('10.0.1.7', at(10, 4, 59, 999), 200, 1000), // last ms of the 10:04 bucket
  log('10.0.1.8', at(10, 5, 0, 0), 200, 500), // first ms of the 10:05 bucket
  log('10.0.1.7', at(10, 5, 1), 404, null), // null bytes count as 0
  log('10.0.1.7', at(10, 9, 59, 999), null, 300), // null status: counted, but in no status bucket
  log('2001:0DB8:0:0:0:0:0:7', at(10, 1), 200, 50), // non-canonical IPv6 of a mapped host
  log('2001:db8::7', at(10, 2), 500, 60),
  log('192.0.2.99', at(10, 3), 200, 10), // unmapped
  log('192.0.2.99', at(10, 3, 30), 403, null),
  log('2001:db8::8', at(10, 6), null, null), // unmapped IPv6
  log('10.0.1.7', at(10, 10), 301, 0),
];

// Worked out by hand from the rows above: one bucket per event-time minute.
const expected: SqlAggregateRow[] = [
  {
    windowStart: '2015-05-17T10:01:00.000Z',
    applicationName: 'search',
    contact: null,
    requestCount: 1,
    bytes: 50,
    statusCounts: { '200': 1 },
  },
  {
    windowStart: '2015-05-17T10:02:00.000Z',
    applicationName: 'search',
    contact: null,
    requestCount: 1,
    bytes: 60,
    statusCounts: { '500': 1 },
  },
  {
    windowStart: '2015-05-17T10:03:00.000Z',
    applicationName: 'UNKNOWN',
    contact: null,
    requestCount: 2,
    bytes: 10,
    statusCounts: { '200': 1, '403': 1 },
  },
  {
    windowStart: '2015-05-17T10:04:00.000Z',
    applicationName: 'checkout',
    contact: 'team-checkout@example.com',
    requestCount: 1,
    bytes: 1000,
    statusCounts: { '200': 1 },
  },
  {
    windowStart: '2015-05-17T10:05:00.000Z',
    applicationName: 'checkout',
    contact: 'team-checkout@example.com',
    requestCount: 2,
    bytes: 500,
    statusCounts: { '200': 1, '404': 1 },
  },
  {
    windowStart: '2015-05-17T10:06:00.000Z',
    applicationName: 'UNKNOWN',
    contact: null,
    requestCount: 1,
    bytes: 0,
    statusCounts: {},
  },
  {
    windowStart: '2015-05-17T10:09:00.000Z',
    applicationName: 'checkout',
    contact: 'team-checkout@example.com',
    requestCount: 1,
    bytes: 300,
    statusCounts: {},
  },
  {
    windowStart: '2015-05-17T10:10:00.000Z',
    applicationName: 'checkout',
    contact: 'team-checkout@example.com',
    requestCount: 1,
    bytes: 0,
    statusCounts: { '301': 1 },
  },
];

describe('runDuckDbAggregation', () => {
  it('gives the hand-computed aggregates: buckets, UNKNOWN, null bytes/status, IPv6', async () => {
    expect(await runDuckDbAggregation(logs, reference)).toEqual(expected);
  });

  it('does not depend on input order', async () => {
    expect(await runDuckDbAggregation([...logs].reverse(), [...reference].reverse())).toEqual(
      expected,
    );
  });

  it('counts everything as UNKNOWN with an empty reference table', async () => {
    const rows = await runDuckDbAggregation(logs, []);
    expect(rows.every((r) => r.applicationName === 'UNKNOWN' && r.contact === null)).toBe(true);
    expect(rows.reduce((n, r) => n + r.requestCount, 0)).toBe(logs.length);
  });

  it('returns no rows for no logs', async () => {
    expect(await runDuckDbAggregation([], reference)).toEqual([]);
  });

  it('does not double count a host listed twice (later row wins, like HostLookup)', async () => {
    const rows = await runDuckDbAggregation(
      [log('::1', at(10, 0), 200, 1)],
      [
        { host: '0:0:0:0:0:0:0:1', applicationName: 'old', contact: null },
        { host: '::1', applicationName: 'new', contact: null },
      ],
    );
    expect(rows).toEqual([
      expect.objectContaining({ applicationName: 'new', requestCount: 1, bytes: 1 }),
    ]);
  });

  it('floors timestamps before 1970 downwards', async () => {
    const [row] = await runDuckDbAggregation([log('10.0.1.7', -1, 200, 1)], reference);
    expect(row.windowStart).toBe('1969-12-31T23:59:00.000Z');
  });

  it('rejects an invalid row with a clear error naming it', async () => {
    await expect(
      runDuckDbAggregation([logs[0], log('10.0.1.7', Number.NaN, 200, 1)], reference),
    ).rejects.toThrow('logs[1].epochMs must be a finite number, got null');
    await expect(
      runDuckDbAggregation([log('10.0.1.7', at(10, 0), 200.5, 1)], reference),
    ).rejects.toThrow(/logs\[0\]\.status must be an integer or null/);
  });

  it('aggregates 100,000 rows from a generator with exact totals', async () => {
    function* many(): Generator<SqlLogRow> {
      for (let i = 0; i < 100_000; i++) {
        yield log(i % 4 === 0 ? '192.0.2.1' : '10.0.1.7', at(10, 0) + i * 10, 200 + (i % 3), 2);
      }
    }
    const rows = await runDuckDbAggregation(many(), reference);
    const total = rows.reduce((n, r) => n + r.requestCount, 0);
    const unknown = rows.filter((r) => r.applicationName === 'UNKNOWN');
    expect(total).toBe(100_000);
    expect(unknown.reduce((n, r) => n + r.requestCount, 0)).toBe(25_000);
    expect(rows.reduce((n, r) => n + r.bytes, 0)).toBe(200_000);
    // 100,000 rows 10 ms apart span 1,000 s: the minutes 10:00 to 10:16.
    expect(new Set(rows.map((r) => r.windowStart)).size).toBe(17);
  });
});
