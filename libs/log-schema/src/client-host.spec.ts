// One client, one spelling (ARCHITECTURE.md sections 3 and 5): every reader of log lines, scan
// and parse alike, hands out an IPv4-mapped IPv6 client as its IPv4 address.
import {
  TrustedProxies,
  clientHost,
  compileLogFormat,
  parseAgentRecord,
  parseCombinedLine,
  resolveClient,
  scanAgentJson,
  scanCombinedLine,
} from './index';
import { emptyFields } from './__fixtures__/log-fields';

const TS = '[29/Nov/2026:00:00:13 +0000]';
const line = (host: string) => `${host} - - ${TS} "GET / HTTP/1.1" 200 5 "-" "curl/8"`;
const MAPPED = ['::ffff:10.0.0.1', '::FFFF:10.0.0.1', '::ffff:a00:1', '0:0:0:0:0:ffff:a00:1'];

describe('clientHost', () => {
  it.each(MAPPED)('reads %s as 10.0.0.1', (host) => {
    expect(clientHost(host)).toBe('10.0.0.1');
  });

  it.each(['10.0.0.1', '0.0.0.0', '::1', '2001:DB8::1', '::a00:1', 'web-01', '0bad:ffff'])(
    'leaves %s as written',
    (host) => {
      expect(clientHost(host)).toBe(host);
    },
  );
});

describe('readers hand out the IPv4 client', () => {
  const formats = [
    ['combined', (h: string) => line(h)],
    ['vhost_combined', (h: string) => `www.example.com:443 ${line(h)}`],
    ['combined_xff', (h: string) => `${line(h)} "-"`],
    [
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time',
      (h: string) => `${h} - - ${TS} "GET / HTTP/1.1" 200 5 0.001`,
    ],
  ] as const;

  it.each(formats)('%s: scan and parse agree on 10.0.0.1', (format, make) => {
    const compiled = compileLogFormat(format);
    for (const host of MAPPED) {
      const parsed = compiled.parse(make(host));
      expect(parsed.ok && parsed.record.host).toBe('10.0.0.1');
      const out = emptyFields();
      expect(compiled.scan(make(host), out)).toBeNull();
      expect(out.host).toBe('10.0.0.1');
    }
  });

  it('parseCombinedLine, scanCombinedLine and the agent readers', () => {
    const parsed = parseCombinedLine(line('::ffff:a00:1'));
    expect(parsed.ok && parsed.record.host).toBe('10.0.0.1');
    const out = emptyFields();
    expect(scanCombinedLine(line('::FFFF:10.0.0.1'), out)).toBeNull();
    expect(out.host).toBe('10.0.0.1');
    const json = JSON.stringify({
      host: '::ffff:10.0.0.1',
      datetime: '29/Nov/2026:00:00:13 +0000',
      request: 'GET / HTTP/1.1',
      response: '200',
      bytes: '5',
    });
    const agent = parseAgentRecord(json);
    expect(agent.ok && agent.record.host).toBe('10.0.0.1');
    const fast = emptyFields();
    expect(scanAgentJson(json, 0, json.length, fast)).toBe(true);
    expect(fast.host).toBe('10.0.0.1');
  });
});

describe('trusted proxies and X-Forwarded-For with mapped addresses', () => {
  const trusted = new TrustedProxies(['10.0.0.0/8']);

  it('trusts a mapped peer inside an IPv4 range and walks to the caller', () => {
    const xff = '203.0.113.9';
    expect(resolveClient('::ffff:10.0.0.5', xff, 0, xff.length, trusted)).toBe('203.0.113.9');
    expect(trusted.contains('::ffff:a00:5')).toBe(true);
    expect(trusted.contains('::ffff:11.0.0.5')).toBe(false);
  });

  it('reads a mapped trusted range as the IPv4 range', () => {
    const mapped = new TrustedProxies(['::ffff:10.0.0.0/104']);
    expect(mapped.contains('10.1.2.3')).toBe(true);
    expect(mapped.containsIpv4(0x0a010203)).toBe(true);
  });

  it('credits a mapped caller in X-Forwarded-For as its IPv4 address', () => {
    const xff = compileLogFormat('combined_xff', { trustedProxies: ['10.0.0.0/8'] });
    const text = `${line('10.0.0.5')} "::ffff:198.51.100.2, ::ffff:10.0.0.9"`;
    const parsed = xff.parse(text);
    expect(parsed.ok && parsed.record.host).toBe('198.51.100.2');
    const out = emptyFields();
    expect(xff.scan(text, out)).toBeNull();
    expect(out.host).toBe('198.51.100.2');
  });
});
