import { LOG_FORMAT_PRESETS, LogFormatError, compileLogFormat } from './index';
import { emptyFields } from './__fixtures__/log-fields';

const TS = '[29/Nov/2026:00:00:13 +0000]';
const REQ = '"GET /x HTTP/1.1" 200 1 "-" "t"';

function parsed(format: string, line: string, trustedProxies?: string[]) {
  const result = compileLogFormat(format, { trustedProxies }).parse(line);
  if (!result.ok) throw new Error(`expected ok, got ${result.error}`);
  return result.record;
}
function refused(format: string, line: string): string {
  const result = compileLogFormat(format).parse(line);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.record)}`);
  return result.error;
}

describe('strict default (combined)', () => {
  it('counts a vhost-prefixed line as malformed instead of crediting the vhost', () => {
    expect(refused('combined', `vhost.example.com:80 10.1.1.2 - - ${TS} ${REQ}`)).toBe(
      'expected "[" at column 33',
    );
  });

  it('counts an X-Forwarded-For list in front as malformed', () => {
    expect(refused('combined', `10.0.0.2, 127.0.0.1 - - ${TS} ${REQ}`)).toBe(
      'expected "[" at column 23',
    );
  });

  it('ignores a UTF-8 BOM, decoded or as latin1 bytes', () => {
    expect(parsed('combined', `\uFEFF10.0.0.1 - - ${TS} ${REQ}`).host).toBe('10.0.0.1');
    const out = emptyFields();
    expect(compileLogFormat().scan(`\u00EF\u00BB\u00BF10.0.0.1 - - ${TS} ${REQ}`, out)).toBeNull();
    expect(out.host).toBe('10.0.0.1');
  });

  it('common reads common lines', () => {
    const r = parsed('common', `10.0.0.1 - bob ${TS} "GET / HTTP/1.0" 304 -`);
    expect(r).toMatchObject({ host: '10.0.0.1', authUser: 'bob', status: 304, bytes: null });
  });
});

describe('vhost_combined', () => {
  it('credits the client, not the virtual host', () => {
    const r = parsed('vhost_combined', `vhost.example.com:80 10.1.1.2 - - ${TS} ${REQ}`);
    expect(r).toMatchObject({ host: '10.1.1.2', ident: null, authUser: null, status: 200 });
  });

  it('refuses a plain combined line', () => {
    expect(refused('vhost_combined', `10.1.1.2 - - ${TS} ${REQ}`)).toBe(
      'expected user at column 14',
    );
  });
});

describe('combined_xff', () => {
  const line = (peer: string, xff: string) => `${peer} - - ${TS} ${REQ} "${xff}"`;

  it('keeps %h as the client without trusted proxies', () => {
    expect(parsed('combined_xff', line('10.0.0.5', '203.0.113.9')).host).toBe('10.0.0.5');
  });

  it('credits the caller behind a trusted balancer', () => {
    expect(parsed('combined_xff', line('10.0.0.5', '203.0.113.9'), ['10.0.0.0/8']).host).toBe(
      '203.0.113.9',
    );
  });

  it('a caller cannot pose as the address it writes in X-Forwarded-For itself', () => {
    expect(
      parsed('combined_xff', line('10.0.0.5', '10.9.9.9, 203.0.113.9'), ['10.0.0.0/8']).host,
    ).toBe('203.0.113.9');
    expect(
      parsed('combined_xff', line('10.0.0.5', '198.51.100.1, 203.0.113.9'), ['10.0.0.0/8']).host,
    ).toBe('203.0.113.9');
  });

  it('an untrusted peer is the client whatever X-Forwarded-For says', () => {
    expect(parsed('combined_xff', line('203.0.113.9', '10.1.1.1'), ['10.0.0.0/8']).host).toBe(
      '203.0.113.9',
    );
  });

  it('refuses a line without the X-Forwarded-For field', () => {
    expect(refused('combined_xff', `10.0.0.5 - - ${TS} ${REQ}`)).toBe(
      'expected quoted X-Forwarded-For at column 74',
    );
  });
});

describe('Apache LogFormat strings', () => {
  const format =
    '%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-agent}i\\" %D %{X-Forwarded-For}i';

  it('reads a line with extra fields and resolves the client', () => {
    const r = parsed(
      format,
      `10.0.0.5 - - ${TS} "GET /a HTTP/1.1" 404 12 "http://r/" "ua \\"x\\"" 1234 198.51.100.7`,
      ['10.0.0.0/8'],
    );
    expect(r).toEqual({
      host: '198.51.100.7',
      ident: null,
      authUser: null,
      time: '2026-11-29T00:00:13.000Z',
      request: 'GET /a HTTP/1.1',
      method: 'GET',
      path: '/a',
      protocol: 'HTTP/1.1',
      status: 404,
      bytes: 12,
      referer: 'http://r/',
      userAgent: 'ua "x"',
    });
  });

  it('scans the same fields on the hot path', () => {
    const out = emptyFields();
    const compiled = compileLogFormat(format);
    expect(compiled.name).toBe('apache');
    expect(compiled.scan(`10.0.0.5 - - ${TS} "GET /a" - - "-" "-" 1 -`, out)).toBeNull();
    expect(out).toEqual({
      host: '10.0.0.5',
      epochMs: Date.UTC(2026, 10, 29, 0, 0, 13),
      status: null,
      bytes: null,
    });
  });

  it('is strict about single-token fields', () => {
    expect(refused(format, `10.0.0.5 x - - ${TS} "GET /a" 200 1 "-" "-" 1 -`)).toBe(
      'expected " [" at column 13',
    );
    expect(refused(format, `10.0.0.5 - - ${TS} "GET /a" 2000 1 "-" "-" 1 -`)).toBe(
      'expected status code at column 52',
    );
  });

  it('uses the preset scanner for a preset written out', () => {
    expect(compileLogFormat(LOG_FORMAT_PRESETS.vhost_combined).name).toBe('vhost_combined');
    expect(compileLogFormat('%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"').name).toBe(
      'combined',
    );
  });
});

describe('nginx log_format strings', () => {
  const format =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" rt=$request_time';

  it('reads a line and resolves the client', () => {
    const r = parsed(
      format,
      `10.0.0.5 - - ${TS} "GET /b HTTP/2.0" 200 5 "-" "curl" "203.0.113.1, 10.0.0.9" rt=0.004`,
      ['10.0.0.0/8'],
    );
    expect(r).toMatchObject({
      host: '203.0.113.1',
      path: '/b',
      status: 200,
      bytes: 5,
      userAgent: 'curl',
    });
  });

  it('requires its literal text', () => {
    expect(refused(format, `10.0.0.5 x - ${TS} "GET /b" 200 5 "-" "-" "-" rt=1`)).toBe(
      'expected " - " at column 9',
    );
  });

  it("nginx's combined runs on the preset scanner", () => {
    const nginxCombined =
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
    expect(compileLogFormat(nginxCombined).name).toBe('combined');
  });
});

describe('bad formats are refused with the position of the problem', () => {
  const error = (format: string, options = {}) => {
    try {
      compileLogFormat(format, options);
    } catch (e) {
      return {
        type: (e as Error).name,
        message: (e as Error).message,
        column: (e as LogFormatError).column,
      };
    }
    throw new Error('expected a LogFormatError');
  };

  it('names the column', () => {
    expect(error('%h %l %u %t "%r" %>s %Q')).toEqual({
      type: 'LogFormatError',
      message: 'log format: unknown directive %Q at column 22',
      column: 22,
    });
    expect(error('%h %{Referer %t')).toMatchObject({
      message: 'log format: unterminated %{ at column 4',
      column: 4,
    });
    expect(error('$remote_addr [$time_local] $')).toMatchObject({ column: 28 });
    expect(error('%h%u %t')).toMatchObject({
      message: 'log format: %u at column 3 follows another field with nothing between them',
    });
    expect(error('%h %{%d/%b}t')).toMatchObject({ column: 4 });
  });

  it('refuses unknown presets and formats without client or time', () => {
    expect(error('combind').message).toBe(
      'log format "combind" is not a preset (combined, common, vhost_combined, combined_xff) at column 1',
    );
    expect(error('%l %t').message).toBe(
      'log format: no client address field (%h or %a) at column 1',
    );
    expect(error('$remote_addr $status').message).toBe(
      'log format: no time field ($time_local) at column 1',
    );
    expect(error('hello').type).toBe('LogFormatError');
  });

  it('refuses trusted proxies that are not blocks, or without an X-Forwarded-For field', () => {
    expect(error('combined_xff', { trustedProxies: ['10.0.0.0/33'] }).message).toBe(
      'trusted proxy "10.0.0.0/33" is not an IPv4/IPv6 address or CIDR block',
    );
    expect(error('combined', { trustedProxies: ['10.0.0.0/8'] }).message).toMatch(
      /^trusted proxies need a log format with an X-Forwarded-For field/,
    );
  });
});

describe('an unquoted X-Forwarded-For field', () => {
  it('is refused unless it is the last field, since its list has spaces', () => {
    expect(() => compileLogFormat('%h %l %u %t "%r" %>s %b %{X-Forwarded-For}i %D')).toThrow(
      'log format: %{X-Forwarded-For}i at column 25 must be quoted ("%{X-Forwarded-For}i") or the last field',
    );
    const last = compileLogFormat('%h %l %u %t "%r" %>s %b %{X-Forwarded-For}i', {
      trustedProxies: ['10.0.0.0/8'],
    });
    const r = last.parse(`10.0.0.5 - - ${TS} "GET / HTTP/1.1" 200 1 1.2.3.4, 198.51.100.2`);
    expect(r.ok && r.record.host).toBe('198.51.100.2');
  });
});
