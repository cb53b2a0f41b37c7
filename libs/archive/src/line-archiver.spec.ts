import { gzipSync } from 'node:zlib';
import { HostLookup } from '@fleetlog/reference-data';
import type { ArchivedMalformed, ArchivedRequest } from './archive-record';
import { createLineArchiver } from './line-archiver';

const NOW = Date.UTC(2015, 4, 17, 12, 0);
const RECEIVED = Date.UTC(2015, 4, 17, 10, 7);
const lookup = new HostLookup([
  { host: '10.0.1.7', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '2001:db8::/48', applicationName: 'search', contact: null },
]);
const archiver = createLineArchiver({ now: () => NOW });
const LINE =
  '10.0.1.7 - alice [17/May/2015:10:05:03 +0000] "GET /cart?id=1 HTTP/1.1" 404 512 "-" "curl/8.0"';

describe('createLineArchiver', () => {
  it('keeps every parsed field and the application the host had', () => {
    expect(archiver.line(LINE, lookup, RECEIVED)).toEqual<ArchivedRequest>({
      malformed: false,
      time: '2015-05-17T10:05:03.000Z',
      epoch_ms: Date.UTC(2015, 4, 17, 10, 5, 3),
      host: '10.0.1.7',
      application_name: 'checkout',
      contact: 'team-checkout@example.com',
      ident: null,
      auth_user: 'alice',
      request: 'GET /cart?id=1 HTTP/1.1',
      method: 'GET',
      path: '/cart?id=1',
      protocol: 'HTTP/1.1',
      status: 404,
      bytes: 512,
      referer: null,
      user_agent: 'curl/8.0',
    });
  });

  it('names a host without a row UNKNOWN, with no contact', () => {
    const row = archiver.line(LINE.replace('10.0.1.7', '192.0.2.9'), lookup, RECEIVED);
    expect(row).toMatchObject({ host: '192.0.2.9', application_name: 'UNKNOWN', contact: null });
  });

  it('stores one spelling per client: a mapped IPv4 as IPv4, IPv6 compressed, both attributed', () => {
    expect(
      archiver.line(LINE.replace('10.0.1.7', '::FFFF:10.0.1.7'), lookup, RECEIVED),
    ).toMatchObject({ host: '10.0.1.7', application_name: 'checkout' });
    expect(
      archiver.line(LINE.replace('10.0.1.7', '2001:0DB8:0:0:0:0:0:7'), lookup, RECEIVED),
    ).toMatchObject({ host: '2001:db8::7', application_name: 'search' });
  });

  it('reads LOGTOJSON agent records', () => {
    const agent = JSON.stringify({
      host: '10.0.1.7',
      ident: null,
      authuser: null,
      datetime: '17/May/2015:10:05:03 +0000',
      request: 'POST /pay HTTP/1.1',
      response: '500',
      bytes: '7',
      referer: null,
      agent: 'ua',
    });
    expect(archiver.line(agent, lookup, RECEIVED)).toMatchObject({
      malformed: false,
      path: '/pay',
      status: 500,
      application_name: 'checkout',
    });
  });

  it('keeps a line that does not parse, as received, with its reason and arrival', () => {
    const row = archiver.line('not a log line', lookup, RECEIVED) as ArchivedMalformed;
    expect(row.malformed).toBe(true);
    expect(row.raw).toBe('not a log line');
    expect(row.reason).toMatch(/column/);
    expect(row.received_ms).toBe(RECEIVED);
  });

  it('refuses a line from the future as the aggregator does', () => {
    const row = archiver.line(LINE.replace('2015', '2099'), lookup, RECEIVED);
    expect(row).toMatchObject({ malformed: true, reason: 'timestamp in the future' });
  });

  it('splits a payload into its lines (LF, CRLF or bare CR; empty lines skipped), gzip by content', () => {
    const text = `${LINE}\r\n\nbroken\r${LINE.replace('404', '200')}`;
    for (const data of [Buffer.from(text), gzipSync(Buffer.from(text))]) {
      const rows = archiver.payload(data, lookup, RECEIVED);
      expect(rows.map((r) => (r.malformed ? 'bad' : r.status))).toEqual([404, 'bad', 200]);
    }
  });

  it('keeps undecodable gzip data as one malformed record holding it in base64', () => {
    const data = Buffer.concat([gzipSync(Buffer.from(LINE)).subarray(0, 12)]);
    const rows = archiver.payload(data, lookup, RECEIVED);
    expect(rows).toEqual([
      expect.objectContaining({ malformed: true, raw: data.toString('base64') }),
    ]);
    expect((rows[0] as ArchivedMalformed).reason).toMatch(/^undecodable gzip payload/);
  });

  it('ignores a byte-order mark at the start of a line', () => {
    expect(archiver.line(`\uFEFF${LINE}`, lookup, RECEIVED)).toMatchObject({ malformed: false });
  });

  it('uses the configured log format and refuses a bad one', () => {
    const common = createLineArchiver({ logFormat: 'common', now: () => NOW });
    const line = '10.0.1.7 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1';
    expect(common.line(line, lookup, RECEIVED)).toMatchObject({
      malformed: false,
      user_agent: null,
    });
    expect(() => createLineArchiver({ logFormat: '%h %Q' })).toThrow();
  });
});
