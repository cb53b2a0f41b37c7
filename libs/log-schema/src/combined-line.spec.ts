import { formatCombinedLine, parseCombinedLine } from './combined-line';
import { scanCombinedLine } from './combined-scanner';
import type { AccessLogRecord } from './access-log-record';
import { apacheExampleRecord, emptyFields } from './__fixtures__/log-fields';

function parsed(line: string): AccessLogRecord {
  const result = parseCombinedLine(line);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(line)} to parse: ${result.error}`);
  return result.record;
}

function failure(line: string): string {
  const result = parseCombinedLine(line);
  if (result.ok) throw new Error(`expected ${JSON.stringify(line)} to fail`);
  return result.error;
}

const TS = '[17/May/2015:10:05:03 +0000]';
const TIME = '2015-05-17T10:05:03.000Z';

describe('parseCombinedLine: accepted shapes', () => {
  it('parses the classic combined line with a zone offset', () => {
    expect(
      parsed(
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 ' +
          '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
      ),
    ).toEqual(apacheExampleRecord('127.0.0.1'));
  });

  it('unescapes \\" and \\\\ inside quoted fields', () => {
    const r = parsed(
      `10.0.0.1 - - ${TS} "GET /q?a=\\"x\\" HTTP/1.1" 200 5 "http://r/\\"y\\"" "Agent \\"quoted\\" \\\\ end\\\\"`,
    );
    expect(r.request).toBe('GET /q?a="x" HTTP/1.1');
    expect(r.path).toBe('/q?a="x"');
    expect(r.referer).toBe('http://r/"y"');
    expect(r.userAgent).toBe('Agent "quoted" \\ end\\');
  });

  it('accepts IPv6 hosts', () => {
    expect(parsed(`2001:db8::ff00:42:8329 - - ${TS} "GET / HTTP/1.1" 200 1 "-" "-"`).host).toBe(
      '2001:db8::ff00:42:8329',
    );
    expect(parsed(`::1 - - ${TS} "GET / HTTP/1.1" 200 1 "-" "-"`).host).toBe('::1');
  });

  it('turns - into null for ident, user, bytes, referer and agent', () => {
    const r = parsed(`10.0.0.1 - - ${TS} "GET / HTTP/1.1" 304 - "-" "-"`);
    expect(r).toMatchObject({
      ident: null,
      authUser: null,
      status: 304,
      bytes: null,
      referer: null,
      userAgent: null,
    });
  });

  it('keeps an empty "" referer as the empty string', () => {
    const r = parsed(`10.0.0.1 - - ${TS} "GET / HTTP/1.1" 200 1 "" "curl/8"`);
    expect(r.referer).toBe('');
    expect(r.userAgent).toBe('curl/8');
  });

  it('accepts a request without protocol', () => {
    expect(parsed(`10.0.0.1 - - ${TS} "GET /x" 200 1 "-" "-"`)).toMatchObject({
      request: 'GET /x',
      method: 'GET',
      path: '/x',
      protocol: null,
    });
  });

  it('accepts a "-" request with status 408', () => {
    expect(parsed(`10.0.0.1 - - ${TS} "-" 408 0 "-" "-"`)).toMatchObject({
      request: null,
      method: null,
      path: null,
      protocol: null,
      status: 408,
      bytes: 0,
    });
  });

  it('keeps a junk request (TLS bytes) raw without method, path or protocol', () => {
    const r = parsed(`10.0.0.1 - - ${TS} "\\x16\\x03\\x01\\x00\\xa5\\x01" 400 226 "-" "-"`);
    expect(r).toMatchObject({
      request: '\\x16\\x03\\x01\\x00\\xa5\\x01',
      method: null,
      path: null,
      protocol: null,
    });
    expect(r.status).toBe(400);
  });

  it('keeps a lower-case or empty request raw', () => {
    expect(parsed(`10.0.0.1 - - ${TS} "get / HTTP/1.1" 400 0 "-" "-"`)).toMatchObject({
      request: 'get / HTTP/1.1',
      method: null,
    });
    expect(parsed(`10.0.0.1 - - ${TS} "" 400 0 "-" "-"`)).toMatchObject({
      request: '',
      method: null,
      path: null,
    });
  });

  it('keeps a path with spaces whole', () => {
    expect(parsed(`10.0.0.1 - - ${TS} "GET /a b HTTP/1.1" 400 0 "-" "-"`)).toMatchObject({
      path: '/a b',
      protocol: 'HTTP/1.1',
    });
  });

  it('accepts an @ in the user field', () => {
    expect(
      parsed(`10.0.0.1 - alice@example.com ${TS} "GET / HTTP/1.1" 200 1 "-" "-"`).authUser,
    ).toBe('alice@example.com');
  });

  it('refuses a user name with spaces: %u is one token, so a prefix cannot shift the host', () => {
    expect(
      parseCombinedLine(`10.0.0.1 - Alice Smith ${TS} "GET / HTTP/1.1" 200 1 "-" "-"`),
    ).toEqual({
      ok: false,
      error: 'expected "[" at column 18',
    });
  });

  it('turns a - status into null', () => {
    expect(parsed(`10.0.0.1 - - ${TS} "GET / HTTP/1.1" - 0 "-" "-"`).status).toBeNull();
  });

  it('ignores trailing fields after the user agent', () => {
    const r = parsed(
      `10.0.0.1 - - ${TS} "GET / HTTP/1.1" 200 10 "-" "curl/8" 0.004 "x-forwarded" 1234`,
    );
    expect(r.userAgent).toBe('curl/8');
    expect(r.bytes).toBe(10);
  });

  it('ignores CRLF and LF line endings', () => {
    const r = parsed(`10.0.0.1 - - ${TS} "GET / HTTP/1.1" 200 10 "-" "curl/8"\r\n`);
    expect(r.userAgent).toBe('curl/8');
    expect(parsed(`10.0.0.1 - - ${TS} "GET / HTTP/1.1" 200 10\n`).bytes).toBe(10);
  });

  it('accepts the common format (no referer and agent → null)', () => {
    expect(
      parsed(`10.0.0.1 user-identifier frank ${TS} "GET /apache_pb.gif HTTP/1.0" 200 2326`),
    ).toEqual(
      apacheExampleRecord('10.0.0.1', {
        ident: 'user-identifier',
        time: TIME,
        referer: null,
        userAgent: null,
      }),
    );
  });

  it('does not let a stray unescaped quote end a field early', () => {
    expect(parsed(`10.0.0.1 - - ${TS} "GET /a"b HTTP/1.1" 200 1 "-" "-"`).request).toBe(
      'GET /a"b HTTP/1.1',
    );
  });
});

describe('parseCombinedLine: errors say what and where', () => {
  const good = `10.0.0.1 - - ${TS} "GET / HTTP/1.1" 200 10 "-" "curl/8"`;

  it.each([
    ['', 'empty line'],
    ['\r\n', 'empty line'],
    [' 10.0.0.1 - - x', 'expected host at column 1'],
    ['10.0.0.1', 'expected ident at column 9'],
    ['10.0.0.1 -', 'expected user at column 11'],
    ['10.0.0.1 - - 17/May/2015', 'expected "[" at column 14'],
    [
      `10.0.0.1 - - [31/Feb/2015:10:00:00 +0000] "GET /" 200 1`,
      'invalid timestamp "31/Feb/2015:10:00:00 +0000" at column 15',
    ],
    [
      `10.0.0.1 - - [17/Foo/2015:10:00:00 +0000] "GET /" 200 1`,
      'invalid timestamp "17/Foo/2015:10:00:00 +0000" at column 15',
    ],
    [`10.0.0.1 - - [17/May/2015:10:00:00 +0000 "GET /" 200 1`, 'expected "]" at column 41'],
    [`10.0.0.1 - - ${TS} GET / 200 1`, 'expected quoted request at column 43'],
    [`10.0.0.1 - - ${TS} "GET / HTTP/1.1 200 10`, 'unterminated quoted field at column 43'],
    [`10.0.0.1 - - ${TS} "GET /" abc 10`, 'expected status code at column 51'],
    [`10.0.0.1 - - ${TS} "GET /" 2000 10`, 'expected status code at column 51'],
    [`10.0.0.1 - - ${TS} "GET /"`, 'expected status code at column 51'],
    [`10.0.0.1 - - ${TS} "GET /" 200`, 'expected byte count at column 55'],
    [`10.0.0.1 - - ${TS} "GET /" 200 12x`, 'expected byte count at column 55'],
    [`10.0.0.1 - - ${TS} "GET /" 200 12 referer`, 'expected quoted referer at column 58'],
    [`10.0.0.1 - - ${TS} "GET /" 200 12 "unterminated`, 'unterminated quoted field at column 58'],
    [`10.0.0.1 - - ${TS} "GET /" 200 12 "-"`, 'expected quoted user agent at column 61'],
    [`10.0.0.1 - - ${TS} "GET /" 200 12 "-" "agent`, 'unterminated quoted field at column 62'],
  ])('%j → %s', (line, error) => {
    expect(failure(line)).toBe(error);
  });

  it('a malformed line does not stop the next lines', () => {
    const lines = [
      good,
      `10.0.0.1 - - ${TS} "GET / HTTP/1.1 200 10`,
      good.replace('10.0.0.1', '10.0.0.2'),
      '\u0016\u0003\u0001',
    ];
    const results = lines.map((l) => parseCombinedLine(l));
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    expect(results[2].ok && results[2].record.host).toBe('10.0.0.2');
  });

  it('returns an error for a non-string input instead of throwing', () => {
    expect(parseCombinedLine(42 as unknown as string)).toEqual({
      ok: false,
      error: 'line must be a string',
    });
  });
});

describe('scanCombinedLine', () => {
  it('fills the fields in place and returns null', () => {
    const out = emptyFields();
    expect(
      scanCombinedLine(
        `2001:db8::1 - - [17/May/2015:12:05:03 +0200] "GET / HTTP/1.1" 503 77 "-" "-"`,
        out,
      ),
    ).toBeNull();
    expect(out).toEqual({ host: '2001:db8::1', epochMs: Date.parse(TIME), status: 503, bytes: 77 });
    expect(scanCombinedLine(`10.0.0.9 - - ${TS} "-" - - "-" "-"`, out)).toBeNull();
    expect(out).toEqual({ host: '10.0.0.9', epochMs: Date.parse(TIME), status: null, bytes: null });
  });

  it('returns the same error as parseCombinedLine', () => {
    const out = emptyFields();
    const line = `10.0.0.1 - - [29/Feb/2015:10:00:00 +0000] "GET /" 200 1`;
    expect(scanCombinedLine(line, out)).toBe(failure(line));
  });
});

describe('formatCombinedLine', () => {
  it('escapes quotes and backslashes and writes null as -', () => {
    const line = formatCombinedLine({
      host: '::1',
      ident: null,
      authUser: 'bob',
      time: '2016-02-29T23:59:59.000Z',
      request: 'GET /"a"\\ HTTP/1.1',
      method: 'GET',
      path: '/"a"\\',
      protocol: 'HTTP/1.1',
      status: null,
      bytes: 0,
      referer: '',
      userAgent: null,
    });
    expect(line).toBe(
      '::1 - bob [29/Feb/2016:23:59:59 +0000] "GET /\\"a\\"\\\\ HTTP/1.1" - 0 "" "-"',
    );
  });
});
