import { ForwardedForResolver, TrustedProxies, forwardedAddress, resolveClient } from './index';
import { ipv4Int32In } from '@fleetlog/reference-data';

const trusted = new TrustedProxies(['10.0.0.0/8', '2001:db8:ffff::/48', '192.0.2.1']);
const client = (peer: string, xff: string) => resolveClient(peer, xff, 0, xff.length, trusted);

describe('forwardedAddress', () => {
  it('drops ports and brackets, refuses what is not an address', () => {
    expect(forwardedAddress('203.0.113.9:5678')).toBe('203.0.113.9');
    expect(forwardedAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(forwardedAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(forwardedAddress('2001:db8::1')).toBe('2001:db8::1');
    for (const bad of [
      'unknown',
      '_hidden',
      '',
      '[2001:db8::1',
      '1.2.3.4:x',
      '[1.2.3.4]',
      '300.1.1.1',
    ]) {
      expect(forwardedAddress(bad)).toBeNull();
    }
  });
});

describe('resolveClient (right-most untrusted, as real_ip_recursive / mod_remoteip)', () => {
  it('takes the right-most untrusted entry, skipping trusted hops', () => {
    expect(client('10.0.0.5', '203.0.113.9, 10.1.1.1, 10.2.2.2')).toBe('203.0.113.9');
  });

  it('ignores a spoofed left-most entry', () => {
    expect(client('10.0.0.5', '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
    expect(client('10.0.0.5', '10.0.0.1, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('handles IPv6 entries and trusted IPv6 proxies', () => {
    expect(client('2001:db8:ffff::10', '2001:db8:1::7')).toBe('2001:db8:1::7');
    expect(client('10.0.0.5', '[2001:db8:1::7]:443, 2001:db8:ffff::2')).toBe('2001:db8:1::7');
  });

  it('stops at unknown and garbage, keeping the last address reached', () => {
    expect(client('10.0.0.5', 'unknown')).toBe('10.0.0.5');
    expect(client('10.0.0.5', '203.0.113.9, unknown, 10.0.0.7')).toBe('10.0.0.7');
    expect(client('10.0.0.5', '203.0.113.9, unknown')).toBe('10.0.0.5');
  });

  it('skips empty entries and strips ports', () => {
    expect(client('10.0.0.5', ' ,203.0.113.9:1234,, ')).toBe('203.0.113.9');
    expect(client('10.0.0.5', '')).toBe('10.0.0.5');
  });

  it('falls back to the left-most address when every hop is trusted', () => {
    expect(client('10.0.0.5', '10.0.0.3, 192.0.2.1')).toBe('10.0.0.3');
  });

  it('an untrusted peer is the client', () => {
    expect(client('198.51.100.1', '203.0.113.9')).toBe('198.51.100.1');
  });
});

describe('TrustedProxies', () => {
  const inRange = (ranges: string[], address: string) => {
    const value = ipv4Int32In(address, 0, address.length);
    return new TrustedProxies(ranges).containsIpv4(value);
  };

  it('checks IPv4 addresses against a few ranges and against many the same way', () => {
    const few = ['10.0.0.0/8', '172.16.0.0/12', '192.0.2.1', '0.0.0.0/1'];
    // Seventeen ranges or more take the prefix search instead of trying each range.
    const many = [...few, ...Array.from({ length: 20 }, (_, i) => `198.51.${i}.0/24`)];
    const cases: [string, boolean][] = [
      ['10.255.255.255', true],
      ['11.0.0.0', true], // inside 0.0.0.0/1
      ['172.31.0.1', true],
      ['172.32.0.1', false],
      ['192.0.2.1', true],
      ['192.0.2.2', false],
      ['255.255.255.255', false],
    ];
    for (const [address, expected] of cases) {
      expect([address, inRange(few, address)]).toEqual([address, expected]);
      expect([address, inRange(many, address)]).toEqual([address, expected]);
    }
    expect(inRange(many, '198.51.19.77')).toBe(true);
    expect(inRange(many, '198.51.20.77')).toBe(false);
    expect(inRange(['128.0.0.0/1'], '203.0.113.9')).toBe(true);
    expect(inRange(['2001:db8::/32'], '203.0.113.9')).toBe(false);
  });
});

describe('ForwardedForResolver (remembers the client of an X-Forwarded-For value)', () => {
  const at = (resolver: ForwardedForResolver, peer: string, xff: string) => {
    const line = `${peer} "${xff}"`;
    return resolver.clientAt(line, 0, peer.length, peer.length + 2, line.length - 1);
  };

  it('agrees with resolveClient on every line, seen again or not', () => {
    const resolver = new ForwardedForResolver(trusted);
    const cases: [string, string][] = [
      ['10.0.0.5', '203.0.113.7'],
      ['10.0.0.6', '203.0.113.7'],
      ['198.51.100.9', '203.0.113.7'], // untrusted peer: the peer, whatever the value says
      ['10.0.0.5', '1.2.3.4, 203.0.113.7, 10.0.0.9'],
      ['10.0.0.5', 'unknown'],
      ['10.0.0.7', 'unknown'], // all trusted or garbage: the peer of this line, not a remembered one
      ['10.0.0.5', '10.0.0.8'],
      ['10.0.0.6', '10.0.0.8'],
      ['10.0.0.5', '[2001:db8::1]:443'],
      ['2001:db8:ffff::1', '203.0.113.7'],
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const [peer, xff] of cases) {
        expect(at(resolver, peer, xff)).toBe(resolveClient(peer, xff, 0, xff.length, trusted));
      }
    }
    expect(at(resolver, '10.0.0.7', 'unknown')).toBe('10.0.0.7');
  });

  it('stays bounded under a flood of distinct values and still answers right', () => {
    const resolver = new ForwardedForResolver(trusted);
    for (let i = 0; i < 40_000; i++) {
      const caller = `198.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      expect(at(resolver, '10.0.0.5', caller)).toBe(caller);
    }
    expect(
      (resolver as unknown as { clients: Map<string, string> }).clients.size,
    ).toBeLessThanOrEqual(16_384);
  });
});
