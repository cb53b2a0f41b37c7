import { canonicalHost, compareHosts } from './index';

describe('canonicalHost', () => {
  it.each([
    ['10.0.1.7', '10.0.1.7'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:2:3:4:5:6:0:8', '1:2:3:4:5:6:0:8'],
    ['1::2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['fe80::', 'fe80::'],
    // IPv4-mapped IPv6 is the IPv4 address (ARCHITECTURE.md section 5).
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['0:0:0:0:0:ffff:c000:0201', '192.0.2.1'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalHost(input)).toBe(expected);
  });

  it.each([
    '',
    '-',
    'localhost',
    '10.0.0',
    '10.0.0.1.2',
    '10.0.0.01',
    '10.0.0.256',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::1',
    ':1',
    'fe80::1%eth0',
    '::ffff:1.2.3.256',
    '1:2:3:4:5:6:7:8::',
  ])('rejects %j', (input) => {
    expect(canonicalHost(input)).toBeNull();
  });
});

describe('compareHosts', () => {
  it('orders IPv4 numerically, then IPv6 by value, then anything else', () => {
    const hosts = [
      '2001:db8::1',
      '10.0.0.10',
      'zzz',
      '::1',
      '10.0.0.9',
      '9.255.255.255',
      '::ffff:1.2.3.4',
    ];
    expect([...hosts].sort(compareHosts)).toEqual([
      '::ffff:1.2.3.4', // the IPv4 address 1.2.3.4
      '9.255.255.255',
      '10.0.0.9',
      '10.0.0.10',
      '::1',
      '2001:db8::1',
      'zzz',
    ]);
  });

  it('compares IPv6 by value, not by spelling', () => {
    expect(compareHosts('::1', '::1')).toBe(0);
    expect(Math.sign(compareHosts('::2', '0:0:0:0:0:0:0:1'))).toBe(1);
  });
});
