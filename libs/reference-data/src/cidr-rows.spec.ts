import fc from 'fast-check';
import { CidrMatcher, HostLookup, parseCidr, parseReferenceCsv, renderReferenceCsv } from './index';
import type { CsvParseResult, HostRow } from './index';

const HEADER = 'Host,ApplicationName,Contact\n';

function rowsOf(result: CsvParseResult): HostRow[] {
  if (!result.ok) throw new Error(`expected rows, got ${JSON.stringify(result.errors)}`);
  return result.rows;
}

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks in canonical form', () => {
    expect(parseCidr('10.20.0.0/16')).toMatchObject({
      version: 4,
      prefix: 16,
      text: '10.20.0.0/16',
    });
    expect(parseCidr('2001:0DB8:0::/48')).toMatchObject({
      version: 6,
      prefix: 48,
      text: '2001:db8::/48',
    });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ prefix: 0 });
    expect(parseCidr('10.0.0.7')).toMatchObject({ prefix: 32, text: '10.0.0.7/32' });
  });

  it('refuses host bits after the prefix, bad lengths and non-addresses', () => {
    for (const bad of [
      '10.0.0.1/8',
      '10.0.0.0/33',
      '10.0.0.0/',
      '10.0.0.0/08',
      '::/129',
      'x/8',
      '010.0.0.0/8',
      '2001:db8::1/48',
    ]) {
      expect(parseCidr(bad)).toBeNull();
    }
  });
});

describe('CIDR rows in the reference CSV', () => {
  it('accepts IPv4 and IPv6 blocks and writes them canonically', () => {
    const rows = rowsOf(
      parseReferenceCsv(
        `${HEADER}10.20.0.0/16,vpn,ops@example.com\n2001:DB8::/48,nat,\n10.20.0.7,checkout,\n`,
      ),
    );
    expect(rows.map((r) => r.host)).toEqual(['10.20.0.0/16', '2001:db8::/48', '10.20.0.7']);
    expect(renderReferenceCsv(rows)).toBe(
      `${HEADER}10.20.0.0/16,vpn,ops@example.com\n10.20.0.7,checkout,\n2001:db8::/48,nat,\n`,
    );
  });

  it('refuses the same block with two applications, naming both lines', () => {
    const result = parseReferenceCsv(
      `${HEADER}10.20.0.0/16,vpn,\n10.0.0.1,a,\n10.20.0.0/16,nat,\n`,
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 4, message: 'host 10.20.0.0/16 maps to "nat" here but to "vpn" on line 2' }],
    });
  });

  it('refuses a block with host bits set, with its line', () => {
    const result = parseReferenceCsv(`${HEADER}10.20.0.1/16,vpn,\n`);
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 2, message: 'host "10.20.0.1/16" is not an IPv4 or IPv6 address or CIDR block' },
      ],
    });
  });
});

describe('HostLookup with blocks', () => {
  const row = (host: string, applicationName: string): HostRow => ({
    host,
    applicationName,
    contact: null,
  });
  const lookup = new HostLookup([
    row('10.0.0.0/8', 'corp'),
    row('10.20.0.0/16', 'vpn'),
    row('10.20.30.0/24', 'nat'),
    row('10.20.30.40', 'checkout'),
    row('2001:db8::/32', 'v6-wide'),
    row('2001:db8:1::/48', 'v6-narrow'),
  ]);
  const app = (host: string) => lookup.get(host)?.applicationName;

  it('an exact address beats every block', () => {
    expect(app('10.20.30.40')).toBe('checkout');
  });

  it('the longest prefix wins among blocks', () => {
    expect(app('10.20.30.41')).toBe('nat');
    expect(app('10.20.31.1')).toBe('vpn');
    expect(app('10.99.0.1')).toBe('corp');
    expect(app('11.0.0.1')).toBeUndefined();
  });

  it('matches IPv6 blocks, whatever the spelling of the address', () => {
    expect(app('2001:db8:1:0:0:0:0:5')).toBe('v6-narrow');
    expect(app('2001:DB8:2::5')).toBe('v6-wide');
    expect(app('2001:db9::1')).toBeUndefined();
    // An IPv4-mapped IPv6 address is the IPv4 one (ARCHITECTURE.md section 5).
    expect(app('::ffff:10.20.30.41')).toBe('nat');
    expect(app('::FFFF:a14:1e28')).toBe('checkout');
  });

  it('answers the same on repeated lookups (block answers are cached)', () => {
    for (let i = 0; i < 3; i++) {
      expect(app('10.20.31.1')).toBe('vpn');
      expect(app('12.0.0.1')).toBeUndefined();
      expect(app('not-an-ip')).toBeUndefined();
    }
    expect(lookup.size).toBe(6);
  });

  it('matches the edge prefixes /0, /1, /31 and /32, high addresses included', () => {
    const matcher = new CidrMatcher<string>();
    for (const [block, name] of [
      ['0.0.0.0/0', 'all'],
      ['128.0.0.0/1', 'upper'],
      ['203.0.113.6/31', 'pair'],
      ['255.255.255.255/32', 'broadcast'],
      ['198.51.100.9', 'one'],
    ] as const) {
      const cidr = parseCidr(block);
      if (cidr === null) throw new Error(block);
      matcher.add(cidr, name);
    }
    expect(matcher.match('1.2.3.4')).toBe('all');
    expect(matcher.match('127.255.255.255')).toBe('all');
    expect(matcher.match('128.0.0.0')).toBe('upper');
    expect(matcher.match('203.0.113.6')).toBe('pair');
    expect(matcher.match('203.0.113.7')).toBe('pair');
    expect(matcher.match('203.0.113.8')).toBe('upper');
    expect(matcher.match('255.255.255.255')).toBe('broadcast');
    expect(matcher.match('255.255.255.254')).toBe('upper');
    expect(matcher.match('198.51.100.9')).toBe('one');
    expect(matcher.match('198.51.100.10')).toBe('upper');
  });

  it('agrees with a linear longest-prefix search (property)', () => {
    const v4 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(v4, fc.integer({ min: 8, max: 24 })), { minLength: 1, maxLength: 30 }),
        fc.array(v4, { minLength: 1, maxLength: 30 }),
        (blocks, probes) => {
          const matcher = new CidrMatcher<string>();
          const parsed = blocks.map(([[a, b], len]) => {
            const value = ((10 << 24) | (a << 16) | (b << 8)) >>> 0;
            const network = (value & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
            const text = `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${len}`;
            const cidr = parseCidr(text);
            if (cidr === null) throw new Error(`not a block: ${text}`);
            return { cidr, network, len };
          });
          parsed.forEach((p, i) => matcher.add(p.cidr, `b${i}`));
          for (const [a, b] of probes) {
            const address = ((10 << 24) | (a << 16) | (b << 8) | 7) >>> 0;
            let best: { len: number; index: number } | undefined;
            parsed.forEach((p, i) => {
              const mask = (0xffffffff << (32 - p.len)) >>> 0;
              if (
                (address & mask) >>> 0 === p.network &&
                (best === undefined || p.len >= best.len)
              ) {
                best = { len: p.len, index: i };
              }
            });
            const text = `10.${a}.${b}.7`;
            // Same block added twice: the later value wins, like the linear search's `>=`.
            expect(matcher.match(text)).toBe(best === undefined ? undefined : `b${best.index}`);
          }
        },
      ),
    );
  });
});
