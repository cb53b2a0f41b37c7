import type { HostRow } from '@fleetlog/reference-data';
import { addressBits, blockBits } from './address-bits';
import { runDuckDbAggregation } from './run-duckdb';

describe('addressBits', () => {
  it('reads an IPv4-mapped IPv6 address, in every spelling, as its IPv4 address', () => {
    const ipv4 = addressBits('10.0.0.1');
    expect(ipv4).toBe(`4${(0x0a000001).toString(2).padStart(32, '0')}`);
    for (const spelling of [
      '::ffff:10.0.0.1',
      '::FFFF:10.0.0.1',
      '::ffff:a00:1',
      '0:0:0:0:0:ffff:a00:1',
    ]) {
      expect(addressBits(spelling)).toBe(ipv4);
    }
  });

  it('keeps other IPv6 addresses as 128 bits and refuses what is no address', () => {
    expect(addressBits('2001:db8::1')).toMatch(/^6[01]{128}$/);
    expect(addressBits('2001:DB8:0::1')).toBe(addressBits('2001:db8::1'));
    expect(addressBits('not-an-ip')).toBeNull();
    expect(addressBits('::ffff:300.0.0.1')).toBeNull();
  });

  it('puts a mapped address inside the IPv4 block that contains it', () => {
    const block = blockBits('10.0.0.0/8');
    expect(block).not.toBeNull();
    expect(addressBits('::ffff:10.9.8.7')?.startsWith(block as string)).toBe(true);
  });
});

describe('the SQL specification with IPv4-mapped clients (issue 23)', () => {
  it('attributes a mapped client to the IPv4 row and to the IPv4 block, never UNKNOWN', async () => {
    const reference: HostRow[] = [
      { host: '10.0.0.1', applicationName: 'checkout', contact: null },
      { host: '10.1.0.0/16', applicationName: 'search', contact: null },
    ];
    const at = Date.UTC(2015, 4, 17, 10, 0);
    const rows = await runDuckDbAggregation(
      [
        { host: '::ffff:10.0.0.1', epochMs: at, status: 200, bytes: 1 },
        { host: '::FFFF:a01:203', epochMs: at, status: 200, bytes: 1 },
      ],
      reference,
    );
    expect(rows.map((r) => [r.applicationName, r.requestCount])).toEqual([
      ['checkout', 1],
      ['search', 1],
    ]);
  });
});
