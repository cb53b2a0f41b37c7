// Mistakes in a log format or a proxy list are refused at start, with one line naming them,
// never silently accepted (ARCHITECTURE.md section 3).
import { compileLogFormat, trustedProxyList, type LogFormatError } from './index';
import { emptyFields } from './__fixtures__/log-fields';

const TS = '[29/Nov/2026:00:00:13 +0000]';

function error(format: string, trustedProxies?: string[]): LogFormatError {
  try {
    compileLogFormat(format, { trustedProxies });
  } catch (e) {
    return e as LogFormatError;
  }
  throw new Error(`accepted ${format}`);
}

describe('Apache %B', () => {
  it('is the response bytes, 0 when none (like %b, which writes -)', () => {
    const format = compileLogFormat('%h %l %u %t "%r" %>s %B %D');
    const parsed = format.parse(`10.0.0.1 - - ${TS} "GET / HTTP/1.1" 200 2326 17`);
    expect(parsed.ok && parsed.record.bytes).toBe(2326);
    const out = emptyFields();
    expect(format.scan(`10.0.0.1 - - ${TS} "HEAD / HTTP/1.1" 304 0 9`, out)).toBeNull();
    expect(out).toMatchObject({ status: 304, bytes: 0 });
  });
});

describe('nginx variables', () => {
  const BASE = '$remote_addr - $remote_user [$time_local] "$request"';

  it('refuses a misspelt variable with its column and the likely name', () => {
    expect(error(`${BASE} $stauts $body_bytes_sent`)).toMatchObject({
      name: 'LogFormatError',
      message: 'log format: unknown nginx variable $stauts at column 54 (did you mean $status?)',
      column: 54,
    });
  });

  it('refuses an unknown variable with no likely name', () => {
    expect(error(`${BASE} $status $zzzzzzzz`).message).toBe(
      'log format: unknown nginx variable $zzzzzzzz at column 62',
    );
  });

  it('accepts nginx variables and variable families', () => {
    for (const extra of [
      '$request_time',
      '$upstream_response_time',
      '$http_x_request_id',
      '$sent_http_content_type',
      '$ssl_protocol',
      '${request_id}',
    ]) {
      expect(() => compileLogFormat(`${BASE} $status $body_bytes_sent ${extra}`)).not.toThrow();
    }
  });
});

describe('trusted proxies', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0/0', 'IPv4'],
    ['::/0', '::/0', 'IPv6'],
    ['::ffff:0:0/96', '0.0.0.0/0', 'IPv4'],
  ])('refuses the catch-all %s with the reason', (block, text, family) => {
    expect(error('combined_xff', ['10.0.0.0/8', block]).message).toBe(
      `trusted proxy ${JSON.stringify(block)} refused: ${text} is a catch-all block: it contains every ${family} address, so every caller could choose its own client address by sending X-Forwarded-For; list only your balancers' and proxies' ranges`,
    );
  });

  it('reads a comma-separated list and refuses an empty one', () => {
    expect(trustedProxyList(' 10.0.0.0/8, ,fd00::/8,')).toEqual(['10.0.0.0/8', 'fd00::/8']);
    for (const empty of [',,,', '', ' , ']) {
      expect(() => trustedProxyList(empty)).toThrow(
        `trusted proxies ${JSON.stringify(empty)} list no address or CIDR block (expected e.g. 10.0.0.0/8,192.168.1.10)`,
      );
    }
  });
});
